"""One import's work through the files: check each batch, and while nothing is wrong, write it.

Accounts files come first: their refs must be new to the file (and to the
database, unless updating), and one national ID must carry one name. The
other files must name an account of the import, or with ``update`` one in
the database. The database is asked once per batch, never once per row; when
a table was empty at the start of the import it is not asked at all.

After the first problem nothing more is written (the caller rolls back the
transaction) but checking goes on, so every bad row is named.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import is_
from typing import Any
from zoneinfo import ZoneInfo

from agent_tui.domain.placement import POSITION, FileKind, Problem, quote
from agent_tui.domain.placement_figures import first_unpaid_due, stated_balance
from agent_tui.domain.placement_sheet import Batch
from agent_tui.i18n import Msg
from agent_tui.store.models import Charge, Payment, ScheduleLine
from agent_tui.store.placement_tables import AccountTables, picked
from agent_tui.store.placement_writer import PlacementWriter, stored

#: Rows checked, looked up and written together: small enough that a batch's
#: cells stay in the processor's cache while it is read column by column.
BATCH = 1000

A = POSITION[FileKind.ACCOUNTS]
_REF, _NID, _NAME, _CURRENCY = A["account_ref"], A["national_id"], A["debtor_name"], A["currency"]
_BALANCE, _OVERDUE = A["balance"], A["overdue_since"]
C = POSITION[FileKind.CONTACTS]
#: The debtor's flags in the writer's order (DEBTOR_FLAGS): a file may turn one on, never off.
_FLAG_NAMES = ("cease_contact", "dispute", "vulnerable", "attorney")
_LINE_MODELS = {FileKind.SCHEDULE: ScheduleLine, FileKind.PAYMENTS: Payment, FileKind.CHARGES: Charge}
Rows = Sequence[Sequence[str]]


class PlacementLoad:
    """The state of one import: the refs and debtors seen so far, and what is left to derive."""

    def __init__(self, db, log, *, update: bool, write: bool, currency: str, time_zone: str, now) -> None:
        self.log = log
        self.update = update
        self.write = write
        self.writer = PlacementWriter(db) if db is not None else None
        self.currency = currency
        self.now = stored(now)
        self.tables = AccountTables(currency, self.now)
        self.as_of = now.astimezone(ZoneInfo(time_zone)).date()
        #: account_ref → line of its row in an accounts file.
        self.refs: dict[str, int] = {}
        #: Refs whose account row had a problem: their lines are checked but not flagged as unknown.
        self.bad_refs: set[str] = set()
        #: Accounts of the import whose currency is not the default.
        self.currencies: dict[str, str] = {}
        #: national_id → debtor_name, and → line, of its first row (flat dicts of plain values,
        #: which the garbage collector skips; they grow to a million entries).
        self.debtor_names: dict[str, str] = {}
        self.debtor_lines: dict[str, int] = {}
        #: Accounts that were in the database before: their lines are replaced, once per kind.
        self.replaced: set[int] = set()
        self.cleared: dict[FileKind, set[int]] = {kind: set() for kind in _LINE_MODELS}
        self.next_seq: dict[int, int] = {}
        #: Accounts whose row left balance / overdue_since to be derived.
        self.derive_balance: list[int] = []
        self.derive_overdue: list[int] = []
        #: Every account the import wrote or whose lines or contacts it wrote (their states go on record),
        #: and the accounts and debtors it created.
        self.touched: set[int] = set()
        self.new_accounts: set[int] = set()
        self.new_debtors: set[int] = set()
        #: An accounts file could not be read at all (a required column missing): the other files' refs
        #: cannot be told apart, so they are not each named as unknown (the header's problem says why).
        self.refs_unknowable = False
        #: What the import leaves as it was although a file says otherwise (a flag only ever turns on).
        self.notices: list[Problem] = []
        self._had: dict[str, bool] = {}

    @property
    def writing(self) -> bool:
        """Whether rows are still written (no problem so far)."""
        return self.write and self.log.count == 0

    @property
    def out(self) -> PlacementWriter:
        """Where the import writes; only asked for when it writes (a check alone has no database)."""
        if self.writer is None:
            raise RuntimeError("a check without a database writes nothing")
        return self.writer

    def _had_rows(self, table: str) -> bool:
        """Whether ``table`` had rows when the import started (asked once, inside its transaction)."""
        if self.writer is None:
            return False
        if table not in self._had:
            self._had[table] = self.writer.has_rows(table)
        return self._had[table]

    # accounts.csv

    def accounts(self, sheet, lines: Sequence[int], rows: Rows, report) -> None:
        """Check a batch of accounts rows; write it while there is no problem."""
        log = self.log
        for table in ("debtor", "account"):
            self._had_rows(table)  # asked before this import writes a row
        batch = sheet.read_batch(lines, rows, self.currency, log)
        report.rows += len(rows) - batch.blank
        refs_col = batch.columns[_REF]
        count = len(batch)
        if count == len(rows) and len(set(refs_col)) == count and self.refs.keys().isdisjoint(refs_col):
            # The usual batch: every row read, every ref new. Set and dict operations, no loop.
            self.refs.update(zip(refs_col, batch.lines))
            self._after_refs(sheet, batch, list(range(count)), report)
            return
        entries: Iterable[tuple[int, Any, int | None, Any]]
        if count == len(rows):
            entries = zip(batch.lines, refs_col, range(count), repeat(None))
        else:  # rows that could not be read still hold their ref: a later row with it is a duplicate
            index = {line: i for i, line in enumerate(batch.lines)}
            entries = ((line, sheet.ref(cells), index.get(line), cells) for line, cells in zip(lines, rows))
        refs, bad_refs = self.refs, self.bad_refs
        keep: list[int] = []
        unread: list[tuple[int, str, str]] = []
        for line, ref, i, cells in entries:
            if ref:
                first = refs.setdefault(ref, line)
                if first != line:
                    found = Msg("import.found.again", {"value": quote(ref), "line": first})
                    log.append(Problem(sheet.file, line, "account_ref", Msg("import.expected.unique_ref"), found))
                    continue
            if i is None:
                bad_refs.add(ref)
                unread.append((line, sheet.cell(cells, "national_id"), sheet.cell(cells, "debtor_name")))
            else:
                keep.append(i)
        self._after_refs(sheet, batch, keep, report)
        # A row with other problems has its debtor's name checked too, in the same pass.
        for line, nid, name in unread:
            self._name_of(sheet, line, nid, name)

    def _after_refs(self, sheet, batch: Batch, keep: list[int], report) -> None:
        """The rest of the accounts checks for the rows whose refs passed, then the write."""
        log, refs_col = self.log, batch.columns[_REF]
        ok, first_flags = self._one_name_per_debtor(sheet, batch, keep)
        if set(batch.columns[_CURRENCY]) - {None, self.currency}:
            currencies = batch.columns[_CURRENCY]
            other = (None, self.currency)
            self.currencies.update((refs_col[i], currencies[i]) for i in ok if currencies[i] not in other)
        columns = picked(batch.columns, None if len(ok) == len(batch) else ok)
        known = self.out.accounts(columns[_REF]) if self._had_rows("account") else {}
        if known and not self.update:
            for ref, line in zip(columns[_REF], [batch.lines[i] for i in ok]):
                if ref in known:
                    log.append(Problem(sheet.file, line, "account_ref", Msg("import.expected.new_ref"), ref))
        lines_ok = [batch.lines[i] for i in ok]
        if self.writing:
            self._write_accounts(columns, first_flags, known, report)
            self._flags_kept(sheet, columns, lines_ok)
        elif not self.write and self.writer is not None:  # a dry run: what it would do
            updating = sum(1 for ref in columns[_REF] if ref in known) if self.update else 0
            report.updated += updating
            report.added += len(columns[_REF]) - updating
            self._flags_kept(sheet, columns, lines_ok)
        elif not self.write:
            report.added += len(columns[_REF])

    def _name_of(self, sheet, line: int, nid: str, name: str) -> bool:
        """Check one row's debtor name against the first row of its national ID; whether it names it first."""
        names, lines = self.debtor_names, self.debtor_lines
        if not nid or not name:
            return False
        first = names.get(nid)
        if first is None:
            names[nid] = name
            lines[nid] = line
            return True
        if first != name:
            found = Msg("import.found.other_name", {"value": quote(name), "line": lines[nid], "first": quote(first)})
            self.log.append(Problem(sheet.file, line, "debtor_name", Msg("import.expected.same_debtor"), found))
        return False

    def _one_name_per_debtor(self, sheet, batch: Batch, keep: list[int]) -> tuple[list[int], list[bool]]:
        """The rows whose national ID carries the name it first had, and whether each names it first."""
        names, lines = self.debtor_names, self.debtor_lines
        nid_col, name_col = batch.columns[_NID], batch.columns[_NAME]
        if len(keep) == len(batch) and len(set(nid_col)) == len(keep) and names.keys().isdisjoint(nid_col):
            # The usual batch: each debtor named here for the first time.
            names.update(zip(nid_col, name_col))
            lines.update(zip(nid_col, batch.lines))
            return keep, [True] * len(keep)
        ok, first_flags = [], []
        for i in keep:
            nid, name = nid_col[i], name_col[i]
            first = names.get(nid)
            if first is None:
                names[nid] = name
                lines[nid] = batch.lines[i]
            elif first != name:
                found = Msg("import.found.other_name",
                            {"value": quote(name), "line": lines[nid], "first": quote(first)})
                self.log.append(Problem(sheet.file, batch.lines[i], "debtor_name",
                                        Msg("import.expected.same_debtor"), found))
                self.bad_refs.add(batch.columns[_REF][i])
                continue
            ok.append(i)
            first_flags.append(first is None)
        return ok, first_flags

    def _write_accounts(self, c: list[list[Any]], first_flags: list[bool], known: dict[str, tuple], report) -> None:
        writer, tables = self.out, self.tables
        nids = c[_NID]
        firsts = [j for j, first in enumerate(first_flags) if first]
        # Debtor ids: those named before in this import are in the database by now; a first-named
        # debtor is already there only if the debtor table had rows before the import.
        ask = {nid for nid, first in zip(nids, first_flags) if not first}
        if self._had_rows("debtor"):
            ask.update(nids[j] for j in firsts)
        on_file = writer.debtors(list(ask)) if ask else {}
        fresh = [j for j in firsts if nids[j] not in on_file] if on_file else firsts
        known_debtors = [j for j in firsts if nids[j] in on_file] if on_file else []
        debtor_ids = writer.new_ids("debtor", len(fresh))
        debtors = dict(on_file)
        debtors.update(zip([nids[j] for j in fresh], debtor_ids))
        writer.insert_debtors(tables.debtors(debtor_ids, picked(c, None if len(fresh) == len(nids) else fresh)))
        if known_debtors:
            # A debtor already on file is refreshed by the first row of this import that names it.
            known_ids = [on_file[nids[j]] for j in known_debtors]
            writer.refresh_debtors(tables.debtor_refreshes(known_ids, picked(c, known_debtors)))
        debtor_col = list(map(debtors.__getitem__, nids))
        new = [j for j, ref in enumerate(c[_REF]) if ref not in known] if known else None
        fresh_c = picked(c, new)
        ids = writer.new_ids("account", len(fresh_c[_REF]))
        new_debtors = debtor_col if new is None else [debtor_col[j] for j in new]
        writer.insert_accounts(tables.accounts(ids, new_debtors, fresh_c))
        self._note_derived(ids, fresh_c)
        self.touched.update(ids)
        self.new_accounts.update(ids)
        self.new_debtors.update(debtor_ids)
        report.added += len(ids)
        if known:
            updated = [j for j, ref in enumerate(c[_REF]) if ref in known]
            upd_c = picked(c, updated)
            upd_ids = [known[ref][0] for ref in upd_c[_REF]]
            writer.update_accounts(tables.account_updates(upd_ids, [debtor_col[j] for j in updated], upd_c))
            self.replaced.update(upd_ids)
            self.touched.update(upd_ids)
            self._note_derived(upd_ids, upd_c)
            report.updated += len(upd_ids)

    def _flags_kept(self, sheet, c: list[list[Any]], lines: list[int]) -> None:
        """A notice for each flag a row says "no" to while its debtor, already on file, has it on: it stays on."""
        if not self._had_rows("debtor") or self.writer is None:
            return
        named = [name for name in _FLAG_NAMES if sheet.has(name)]
        if not named:
            return
        on_file = self.out.debtors([nid for nid in c[_NID] if nid])
        if not on_file:
            return
        flags = self.out.debtor_flags(sorted(set(on_file.values())))
        for j, nid in enumerate(c[_NID]):
            debtor = on_file.get(nid)
            if debtor is None or debtor not in flags:
                continue
            for position, name in enumerate(_FLAG_NAMES):
                if name in named and flags[debtor][position] and c[A[name]][j] is False:
                    self.notices.append(Problem(sheet.file, lines[j], name, Msg("import.notice.flag_stays"),
                                                Msg("import.notice.flag_no")))

    def _note_derived(self, ids: list[int], c: list[list[Any]]) -> None:
        for position, wanted in ((_BALANCE, self.derive_balance), (_OVERDUE, self.derive_overdue)):
            if any(map(is_, c[position], repeat(None))):
                wanted.extend(id_ for id_, value in zip(ids, c[position]) if value is None)

    # contacts.csv, schedule.csv, payments.csv, charges.csv

    def lines(self, sheet, lines: Sequence[int], rows: Rows, report) -> None:
        """Check a batch of contact, schedule, payment or charge rows; write it while there is no problem."""
        refs_all = sheet.refs(rows)
        distinct = set(refs_all) - {""}
        # Ids for writing; for checking, only refs the import does not have need asking about.
        previewing = not self.write and self.writer is not None and self.log.count == 0
        ask = distinct if self.writing or previewing else [ref for ref in distinct if ref not in self.refs]
        known = self.writer.accounts(list(ask)) if self.writer is not None and ask else {}
        special: dict[int, str] = {}
        if self.currencies or any(account[2] != self.currency for account in known.values()):
            for i, ref in enumerate(refs_all):
                other = self.currencies.get(ref) if ref in self.refs else (known[ref][2] if ref in known else None)
                if other is not None and other != self.currency:
                    special[i] = other
        batch = sheet.read_batch(lines, rows, self.currency, self.log, special)
        report.rows += len(rows) - batch.blank
        keep = []
        for i, (ref, line) in enumerate(zip(batch.columns[0], batch.lines)):
            if ref in self.refs:
                if ref not in self.bad_refs:
                    keep.append(i)
            elif self.update and ref in known:
                keep.append(i)
            elif self.refs_unknowable:
                continue  # the accounts file could not be read: its header's problem says why
            else:
                if ref in known:
                    key = "known_account_hint"
                else:
                    key = "known_account_update" if self.update else "known_account"
                self.log.append(Problem(sheet.file, line, "account_ref", Msg(f"import.expected.{key}"), ref))
        if previewing and self.log.count == 0:
            self._preview_lines(sheet.kind, picked(batch.columns, None if len(keep) == len(batch) else keep),
                                known, report)
            return
        if not self.writing:
            return
        c = picked(batch.columns, None if len(keep) == len(batch) else keep)
        account_ids = [known[ref][0] for ref in c[0]]
        self.touched.update(account_ids)
        if sheet.kind is FileKind.CONTACTS:
            self._write_contacts(c, [known[ref][1] for ref in c[0]], report)
        else:
            self._write_lines(sheet.kind, c, account_ids, report)

    def _preview_lines(self, kind: FileKind, c: list[list[Any]], known: dict[str, tuple], report) -> None:
        """A dry run's counts of what the write would do with these rows."""
        if kind is FileKind.CONTACTS:
            on_file = self.out.contacts(sorted({known[ref][1] for ref in c[0] if ref in known}))
            seen: set[tuple] = set()
            for ref, contact_kind, value in zip(c[0], c[C["kind"]], c[C["value"]]):
                key = (known[ref][1], contact_kind.value, value) if ref in known else (ref, contact_kind.value, value)
                if key in on_file or key in seen:
                    report.known += 1
                else:
                    seen.add(key)
                    report.added += 1
            return
        ids = {ref: known[ref][0] for ref in c[0] if ref in known} if self.update else {}
        old = [id_ for id_ in set(ids.values()) if id_ not in self.cleared[kind]]
        report.removed += self.out.count_lines(_LINE_MODELS[kind], old) if old else 0
        self.cleared[kind].update(old)
        replacing = sum(1 for ref in c[0] if ref in ids)
        report.replaced += replacing
        report.added += len(c[0]) - replacing

    def _write_lines(self, kind: FileKind, c: list[list[Any]], account_ids: list[int], report) -> None:
        model, cleared = _LINE_MODELS[kind], self.cleared[kind]
        for ref, id_ in zip(c[0], account_ids):
            if ref not in self.refs:
                self.replaced.add(id_)
        # An account that was on file before gets the file's lines instead of its own, once per kind.
        to_clear = [id_ for id_ in set(account_ids) if id_ in self.replaced and id_ not in cleared]
        report.removed += self.out.clear_lines(model, to_clear)
        cleared.update(to_clear)
        rows: list[tuple[Any, ...]]
        if kind is FileKind.SCHEDULE:
            seq = self.next_seq
            numbers = []
            for id_ in account_ids:
                n = seq[id_] = seq.get(id_, 0) + 1
                numbers.append(n)
            rows = list(zip(account_ids, numbers, map(stored, c[1]), c[2], c[3]))
        elif kind is FileKind.PAYMENTS:
            rows = list(zip(account_ids, map(stored, c[1]), c[2], c[3], [self.now] * len(account_ids)))
        else:
            rows = list(zip(account_ids, c[1], c[2], map(stored, c[3])))
        self.out.insert_lines(model, rows)
        replacing = sum(1 for id_ in account_ids if id_ in self.replaced)
        report.replaced += replacing
        report.added += len(rows) - replacing

    def _write_contacts(self, c: list[list[Any]], debtor_ids: list[int], report) -> None:
        on_file = self.out.contacts(list(set(debtor_ids)))
        new: dict[tuple[int, str, str], list[Any]] = {}
        stop = []
        zoned: dict[int, str] = {}
        columns = zip(debtor_ids, c[C["kind"]], c[C["value"]], c[C["primary"]], c[C["do_not_call"]], c[C["time_zone"]])
        for debtor_id, kind, value, primary, do_not_call, zone in columns:
            key = (debtor_id, kind.value, value)
            if key not in on_file and key not in new:
                new[key] = [*key, primary, do_not_call, zone]
                continue
            report.known += 1
            if key in new:
                if do_not_call:
                    new[key][4] = True  # the file lists a number twice, once as do-not-call
                if zone is not None:
                    new[key][5] = zone
                continue
            if do_not_call and not on_file[key][1]:
                stop.append(on_file[key][0])
            if zone is not None and zone != on_file[key][2]:
                zoned[on_file[key][0]] = zone  # the creditor now says where this number rings
        self.out.insert_contacts(list(new.values()))
        self.out.mark_do_not_call(stop)
        self.out.set_contact_zones([(zone, id_) for id_, zone in zoned.items()])
        report.added += len(new)

    # balance and overdue_since, where the rows left them to be derived

    def derive_figures(self) -> None:
        """Fill in balance and overdue_since for the accounts whose rows left them empty."""
        wanted_balance, wanted_overdue = set(self.derive_balance), set(self.derive_overdue)
        ids = sorted(wanted_balance | wanted_overdue)
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            basis = self.out.figures_basis(chunk)
            balances, overdue = [], []
            for id_ in chunk:
                principal, schedule, paid, charges = basis[id_]
                if id_ in wanted_balance:
                    balances.append((stated_balance(charges, principal), id_))
                if id_ in wanted_overdue:
                    overdue.append((stored(first_unpaid_due(schedule, paid, self.as_of)), id_))
            self.out.set_balances(balances)
            self.out.set_overdue_since(overdue)
