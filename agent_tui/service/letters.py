"""The debtor's documents as PDF: the validation notice, the statement of account, the reminder.

Each letter is made from the :class:`~agent_tui.service.case_report.CaseFile`
that `agent-tui case` prints, so every amount on paper is one of its figures
(or, for the validation notice's itemization, the same ledger run on the
itemization date: :func:`agent_tui.domain.letters.itemize`). The words come
from the catalog in the configured language; amounts are formatted by
:func:`agent_tui.domain.money.format_money`.

* ``validation``: under ``us-regf``, the notice of 12 CFR 1006.34 in the order
  and with the fields of model form B-1, with its tear-off response form.
* ``reminder``: under ``cn``, a 还款提醒函: the itemized debt, who the creditor
  and the agency are, how to reach them; no threat, and addressed to the
  debtor alone.
* ``statement``: the schedule, the payments, the late charges with their
  calculation, and what is charged, paid and owed, under any rules.

The PDF is drawn with fpdf2 in a CJK font embedded as a subset (the Debian
package fonts-noto-cjk); a missing font is a message, not a traceback. The
file is written 0600 under a temporary name, the letter's audit event (its
SHA-256) is appended, and only then is it put in place.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from agent_tui.config import Config
from agent_tui.domain.letters import itemize, validation_end
from agent_tui.domain.money import Percent, format_money
from agent_tui.i18n import t
from agent_tui.service.case_report import CaseFile
from agent_tui.store.audit_record import record_event

KINDS = ("validation", "statement", "reminder")
#: The compliance profile a kind is written for (none: any).
KIND_PROFILE = {"validation": "us-regf", "reminder": "cn"}

#: Where the CJK font is looked for: (regular, bold), each a TTF/OTF/TTC file.
FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc"),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
     "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc"),
)


#: Millimetres the validation notice's tear-off form needs below its cut line.
FORM_HEIGHT = 95


class LetterProblem(Exception):
    """A letter that cannot be written; ``exit_code`` 2 for a wrong request, 1 for a failed task."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Part:
    """One piece of a letter, top to bottom.

    ``kind``: ``title``, ``heading``, ``para``, ``bullet``, ``amount`` (a label
    and a right-aligned figure), ``box`` (a tick box and its words), ``cut``
    (the tear-off line), ``space``, ``table`` (``texts`` the header, ``rows``
    the body; the last ``right`` columns aligned right).
    """

    kind: str
    texts: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    right: int = 0
    indent: int = 0


@dataclass(frozen=True)
class Letter:
    """A letter ready to draw: its parts and the page size."""

    kind: str
    parts: tuple[Part, ...]
    page: str = "A4"
    footer: str = ""
    figures: dict[str, Any] = field(default_factory=dict)


def check_kind(kind: str, config: Config) -> None:
    """Refuse a kind written for other rules than the floor's (exit code 2)."""
    wanted = KIND_PROFILE.get(kind)
    profile = config.compliance.profile
    if wanted is not None and wanted != profile:
        raise LetterProblem(t("letters.wrong_profile", kind=kind, wanted=wanted, profile=profile), 2)


def compose(kind: str, case: CaseFile, config: Config, lang: str, sent: date) -> Letter:
    """The letter of ``kind`` about ``case``, in ``lang``, dated ``sent``."""
    check_kind(kind, config)
    if kind == "validation":
        return _validation(case, config, lang, sent)
    if kind == "reminder":
        return _reminder(case, config, lang, sent)
    return _statement(case, config, lang, sent)


def _company(config: Config, lang: str) -> str:
    return config.company or t("common.company", lang=lang)


def _say(lang: str) -> Any:
    def say(key: str, **params: object) -> str:
        return t(f"letters.{key}", lang=lang, **params)

    return say


def _validation(case: CaseFile, config: Config, lang: str, sent: date) -> Letter:
    say, fig, account = _say(lang), case.figures, case.account
    item = itemize(fig.ledger, config.ledger)
    end = validation_end(sent).isoformat()
    collector, cur = _company(config, lang), fig.currency

    def money(minor: int, sign: str = "") -> str:
        return sign + format_money(minor, cur, lang)

    since = item.itemization_date.isoformat()
    parts = [
        Part("para", (say("validation.contact", collector=collector, phone=config.company_phone),)),
        Part("para", (say("reference", ref=account.ref), say("dated", date=sent.isoformat()),
                      say("to", name=case.debtor.name))),
        Part("title", (say("validation.title"),)),
        Part("para", (say("validation.intro", collector=collector, creditor=account.creditor),)),
        Part("heading", (say("validation.shows"),)),
        Part("para", (say("validation.account", product=account.product, creditor=account.creditor,
                          ref=account.ref),)),
        Part("amount", (say("validation.as_of", date=since), money(item.amount_then))),
        Part("para", (say("validation.between", date=since),)),
        Part("amount", (say("validation.interest"), money(item.interest_since, "+ ")), indent=8),
        Part("amount", (say("validation.fees"), money(item.fees_since, "+ ")), indent=8),
        Part("amount", (say("validation.paid"), money(item.paid_since, "– ")), indent=8),
        Part("amount", (say("validation.now"), money(item.amount_now)), right=1),
        Part("heading", (say("validation.dispute_heading"),)),
        Part("bullet", (say("validation.dispute_call", end=end),)),
        Part("bullet", (say("validation.dispute_write", end=end),)),
        Part("heading", (say("validation.else_heading"),)),
        Part("bullet", (say("validation.original", end=end),)),
        Part("bullet", (say("validation.cfpb"),)),
        Part("bullet", (say("validation.options"),)),
        Part("bullet", (say("validation.spanish"),)),
        Part("cut"),
        Part("para", (say("validation.form_mail", collector=collector),)),
        Part("heading", (say("validation.form_heading"),)),
        Part("para", (say("validation.form_check"),)),
        Part("para", (say("validation.form_dispute"),)),
        Part("box", (say("validation.form_not_mine"),), indent=8),
        Part("box", (say("validation.form_wrong"),), indent=8),
        Part("box", (say("validation.form_other"),), indent=8),
        Part("box", (say("validation.form_original"),)),
        Part("box", (say("validation.form_enclosed"),)),
        Part("para", (say("validation.form_payable", collector=collector, ref=account.ref),), indent=8),
        Part("para", (say("validation.form_who", name=case.debtor.name, ref=account.ref),)),
    ]
    figures = {"itemization_date": since, "reference": item.reference, "amount_then": item.amount_then,
               "interest_since": item.interest_since, "fees_since": item.fees_since,
               "paid_since": item.paid_since, "amount_now": item.amount_now, "validation_end": end}
    return Letter("validation", tuple(parts), "Letter", figures=figures)


def _owed_rows(case: CaseFile, lang: str) -> tuple[tuple[str, ...], ...]:
    owed, cur = case.figures.owed, case.figures.currency
    rows = [(t(f"letters.component.{c}", lang=lang), format_money(owed.get(c), cur, lang))
            for c in ("principal", "interest", "penalty", "fees")]
    return (*rows, (t("letters.component.total", lang=lang), format_money(owed.total, cur, lang)))


def _reminder(case: CaseFile, config: Config, lang: str, sent: date) -> Letter:
    say, fig, account = _say(lang), case.figures, case.account
    agency = _company(config, lang)
    parts = [
        Part("title", (say("reminder.title"),)),
        Part("para", (say("reference", ref=account.ref), say("dated", date=sent.isoformat()))),
        Part("para", (say("reminder.greeting", name=case.debtor.name),)),
        Part("para", (say("reminder.intro", agency=agency, creditor=account.creditor, product=account.product,
                          ref=account.ref, as_of=fig.as_of.isoformat()),)),
        Part("table", (say("statement.col_item"), say("statement.col_amount")), _owed_rows(case, lang), right=1),
    ]
    if fig.ledger.oldest_unpaid_due is not None:
        parts.append(Part("para", (say("reminder.overdue", oldest=fig.ledger.oldest_unpaid_due.isoformat(),
                                       days=fig.days_past_due),)))
    parts += [
        Part("para", (say("reminder.ask", phone=config.company_phone),)),
        Part("para", (say("reminder.private"),)),
        Part("space"),
        Part("para", (say("reminder.creditor", creditor=account.creditor),
                      say("reminder.agency", agency=agency, phone=config.company_phone))),
        Part("space"),
        Part("para", (say("reminder.closing"),)),
        Part("para", (agency, sent.isoformat())),
    ]
    return Letter("reminder", tuple(parts), "A4", figures=_owed_figures(case))


def _owed_figures(case: CaseFile) -> dict[str, Any]:
    owed = case.figures.owed
    return {"as_of": case.figures.as_of.isoformat(), "principal": owed.principal, "interest": owed.interest,
            "penalty": owed.penalty, "fees": owed.fees, "total": owed.total}


def _statement(case: CaseFile, config: Config, lang: str, sent: date) -> Letter:
    say, fig, account = _say(lang), case.figures, case.account
    ledger, cur = fig.ledger, fig.currency

    def money(minor: int) -> str:
        return format_money(minor, cur, lang)

    parts = [
        Part("title", (say("statement.title"),)),
        Part("para", (say("statement.account", creditor=account.creditor, product=account.product, ref=account.ref),
                      say("statement.debtor", name=case.debtor.name),
                      say("statement.as_of", as_of=fig.as_of.isoformat()) + " · " + say("dated", date=sent.isoformat()),
                      say("statement.issued_by", collector=_company(config, lang), phone=config.company_phone))),
    ]
    if config.compliance.profile == "us-regf":  # 12 CFR 1006.18(e)(2): every later communication says so
        parts.append(Part("para", (say("statement.from_collector"),)))
    schedule = tuple((line.due.isoformat(), money(line.principal), money(line.interest)) for line in ledger.schedule)
    schedule += ((say("statement.total"), money(sum(line.principal for line in ledger.schedule)),
                  money(sum(line.interest for line in ledger.schedule))),)
    parts += [Part("heading", (say("statement.schedule_heading"),)),
              Part("table", (say("statement.col_due"), say("statement.col_principal"), say("statement.col_interest")),
                   schedule, right=2),
              Part("heading", (say("statement.payments_heading"),))]
    booked = [p for p in ledger.payments if p.amount > 0]
    if booked:
        from agent_tui.domain.ledger import booking_date

        rows = tuple(sorted((booking_date(p.paid_at, config.ledger.booking_zone).isoformat(), money(p.amount),
                             p.reference or "—") for p in booked))
        rows += ((say("statement.total"), money(sum(p.amount for p in booked)), ""),)
        parts.append(Part("table", (say("statement.col_date"), say("statement.col_amount"),
                                    say("statement.col_reference")), rows, right=0))
    else:
        parts.append(Part("para", (say("statement.no_payments"),)))
    parts.append(Part("heading", (say("statement.charges_heading"),)))
    charges = [(say("statement.late_fee", due=fee.line_due.isoformat(), day=fee.overdue_from.isoformat()),
                money(fee.amount)) for fee in ledger.late_fees]
    charges += [(say("statement.penalty", due=s.line_due.isoformat(), start=s.start.isoformat(),
                     end=s.end.isoformat(), days=s.days, principal=money(s.principal),
                     rate=Percent(s.annual_rate).localize(lang), basis=s.day_count), money(s.amount))
                for s in ledger.segments]
    if charges:
        parts.append(Part("table", (say("statement.col_item"), say("statement.col_amount")), tuple(charges), right=1))
    else:
        parts.append(Part("para", (say("statement.no_charges"),)))
    totals = tuple((t(f"letters.component.{c}", lang=lang), money(ledger.charged.get(c)), money(ledger.paid.get(c)),
                    money(ledger.owed.get(c))) for c in ("principal", "interest", "penalty", "fees"))
    totals += ((say("statement.total"), money(ledger.charged.total), money(ledger.paid.total),
                money(ledger.owed.total)),)
    parts += [Part("heading", (say("statement.totals_heading"),)),
              Part("table", (say("statement.col_component"), say("statement.col_charged"), say("statement.col_paid"),
                             say("statement.col_owed")), totals, right=3),
              Part("amount", (say("statement.owed_now"), money(fig.owed.total)), right=1)]
    if ledger.oldest_unpaid_due is not None:
        parts.append(Part("para", (say("statement.past_due", days=fig.days_past_due,
                                       oldest=ledger.oldest_unpaid_due.isoformat()),)))
    if ledger.not_yet_due_principal:
        parts.append(Part("para", (say("statement.not_yet_due", amount=money(ledger.not_yet_due_principal)),)))
    if ledger.credit:
        parts.append(Part("para", (say("statement.credit", amount=money(ledger.credit)),)))
    page = "Letter" if config.compliance.profile == "us-regf" else "A4"
    return Letter("statement", tuple(parts), page, figures=_owed_figures(case))


# --- Drawing ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FontFiles:
    """The CJK font the letter is set in: a regular and (perhaps the same file) a bold face."""

    regular: str
    bold: str


def find_font(candidates: Sequence[tuple[str, str]] | None = None) -> FontFiles:
    """The first CJK font found on this machine; :class:`LetterProblem` when there is none."""
    candidates = FONT_CANDIDATES if candidates is None else candidates
    for regular, bold in candidates:
        if os.path.isfile(regular):
            return FontFiles(regular, bold if os.path.isfile(bold) else regular)
    raise LetterProblem(t("letters.no_font", paths=", ".join(r for r, _ in candidates)), 1)


def _collection_index(path: str) -> int:
    """In a font collection (.ttc), the face for Simplified Chinese; 0 for a single font."""
    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    from fontTools.ttLib import TTCollection  # type: ignore[import-untyped]  # fpdf2 brings it; untyped

    collection = TTCollection(path, lazy=True)
    try:
        for index, font in enumerate(collection.fonts):
            name = font["name"].getDebugName(1) or ""
            if name.endswith(" SC"):
                return index
    finally:
        collection.close()
    return 0


def render_pdf(letter: Letter, font: FontFiles, lang: str) -> tuple[bytes, int]:
    """The letter as PDF bytes, and its page count."""
    from fpdf import FPDF

    class _Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("cjk", "", 8)
            self.cell(0, 6, t("letters.page", lang=lang, n=self.page_no(), total="{nb}"), align="C")

    pdf = _Pdf(format=letter.page)
    pdf.set_title(t(f"letters.{letter.kind}.title", lang=lang))
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, 18)
    try:
        pdf.add_font("cjk", "", font.regular, collection_font_number=_collection_index(font.regular))
        pdf.add_font("cjk", "B", font.bold, collection_font_number=_collection_index(font.bold))
    except Exception as exc:  # an unreadable or unsupported font file: say which
        bad = font.regular if "cjk" not in pdf.fonts else font.bold
        raise LetterProblem(t("letters.bad_font", path=bad, reason=str(exc) or type(exc).__name__), 1) from None
    pdf.add_page()
    for part in letter.parts:
        _draw(pdf, part)
    return bytes(pdf.output()), pdf.page_no()


def _draw(pdf: Any, part: Part) -> None:
    width = pdf.epw - part.indent
    if part.kind == "title":
        pdf.ln(3)
        pdf.set_font("cjk", "B", 16)
        pdf.multi_cell(0, 9, part.texts[0], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        return
    if part.kind == "heading":
        pdf.ln(2)
        pdf.set_font("cjk", "B", 11.5)
        pdf.multi_cell(0, 7, part.texts[0], new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font("cjk", "", 10)
    if part.kind == "space":
        pdf.ln(4)
    elif part.kind == "para":
        for text in part.texts:
            pdf.set_x(pdf.l_margin + part.indent)
            pdf.multi_cell(width, 5.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    elif part.kind == "bullet":
        pdf.set_x(pdf.l_margin + 2)
        pdf.cell(5, 5.5, "•")
        pdf.multi_cell(width - 7, 5.5, part.texts[0], align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    elif part.kind == "amount":
        pdf.set_font("cjk", "B" if part.right else "", 10.5 if part.right else 10)
        label, value = part.texts
        pdf.set_x(pdf.l_margin + part.indent)
        pdf.cell(width - 45, 6.5, label)
        pdf.cell(45, 6.5, value, align="R", new_x="LMARGIN", new_y="NEXT")
    elif part.kind == "box":
        pdf.set_x(pdf.l_margin + part.indent)
        pdf.rect(pdf.get_x(), pdf.get_y() + 1.2, 3.5, 3.5)
        pdf.set_x(pdf.get_x() + 6)
        pdf.multi_cell(width - 6, 5.5, part.texts[0], align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    elif part.kind == "cut":
        if pdf.get_y() > pdf.h - pdf.b_margin - FORM_HEIGHT:  # the tear-off form stays on one page
            pdf.add_page()
        pdf.ln(4)
        y = pdf.get_y()
        pdf.set_dash_pattern(dash=1.5, gap=1.5)
        pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
        pdf.set_dash_pattern()
        pdf.ln(5)
    elif part.kind == "table":
        _table(pdf, part)


def _table(pdf: Any, part: Part) -> None:
    columns = len(part.texts)
    first = pdf.epw - 32 * (columns - 1) if columns > 2 else pdf.epw - 40
    widths = (first, *([(pdf.epw - first) / (columns - 1)] * (columns - 1)))
    align = ("LEFT",) * (columns - part.right) + ("RIGHT",) * part.right
    pdf.set_font("cjk", "", 9.5)
    with pdf.table(col_widths=widths, text_align=align, line_height=5.5, first_row_as_headings=True,
                   headings_style=_heading_style(), width=pdf.epw) as table:
        for row in (part.texts, *part.rows):
            table.row(row)
    pdf.ln(2)


def _heading_style() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=(235, 235, 235))


# --- Writing it out ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """A letter put in place: where, its checksum, its pages and its audit event."""

    path: Path
    sha256: str
    pages: int
    seq: int


def write_letter(letter: Letter, pdf: bytes, pages: int, case: CaseFile, out: Path, force: bool,
                 database_url: str, actor: str, lang: str) -> Written:
    """Write ``pdf`` to ``out`` (mode 0600) once its audit event is on record."""
    out = out.expanduser()
    if out.exists() and not force:
        raise LetterProblem(t("letters.exists", path=str(out)), 2)
    digest = hashlib.sha256(pdf).hexdigest()
    try:
        handle, temporary = tempfile.mkstemp(prefix=".letter-", suffix=".pdf", dir=out.parent.resolve())
    except OSError as exc:
        raise LetterProblem(t("letters.cannot_write", path=str(out), reason=exc.strerror or str(exc)), 1) from None
    try:
        with os.fdopen(handle, "wb") as stream:  # mkstemp makes it 0600
            stream.write(pdf)
        payload = {"kind": letter.kind, "ref": case.account.ref, "file": str(out.resolve()), "sha256": digest,
                   "pages": pages, "language": lang, "as_of": case.figures.as_of.isoformat(), **letter.figures}
        try:
            seq = record_event(database_url, actor, "letter_written", f"account:{case.account.id}", payload)
        except Exception as exc:
            msg = getattr(exc, "msg", None)
            reason = msg.render() if msg is not None else (str(exc) or type(exc).__name__)
            raise LetterProblem(t("letters.audit_failed", reason=reason), 1) from None
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Written(out, digest, pages, seq)
