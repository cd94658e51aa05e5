"""The fact table draws its rows itself: labels in a 12-cell column, values wrapping in theirs."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.content import Content

from agent_tui.ui.workstation.widgets.fact_table import FactTable

CREDIT = "Paid on time 2019–2024; first missed payment Nov 2024"
CREDIT_ZH = "2019–2024 年按时还款；2024 年 11 月首次逾期"


def table(facts, title=None) -> FactTable:
    facts_table = FactTable()
    facts_table.show(facts, title=title)
    return facts_table


def test_a_long_value_wraps_in_its_own_column():
    lines = [line.plain for line in table([("Credit", CREDIT), ("Family", "Married")]).lines(40)]
    assert lines == [
        "Credit      Paid on time 2019–2024;",
        "            first missed payment Nov",  # under the value, not under the label
        "            2024",
        "Family      Married",
    ]


def test_chinese_wraps_by_cell_width():
    # 18 cells for the value: "2019–2024 年按时还款" is 15 characters but 20 cells, so it breaks, as Chinese
    # does, between two characters; never between a figure and its 年, nor before the ；.
    lines = [line.plain for line in table([("信用记录", CREDIT_ZH)]).lines(30)]
    assert lines == [
        "信用记录    2019–2024 年按时还",  # a four-character label is eight cells: four spaces fill the column
        "            款；2024 年 11 月",
        "            首次逾期",
    ]
    assert all(cell_len(line) <= 30 for line in lines)


def test_a_long_label_wraps_in_its_column_and_the_row_is_as_tall_as_its_taller_cell():
    lines = [line.plain for line in table([("National identity", "1234")]).lines(40)]
    assert lines == ["National    1234", "identity    "]


def test_styled_values_keep_their_style_and_the_heading_comes_first():
    title = Content.styled("Debt", "bold $accent")
    facts = table([("National ID", Content.styled("110101198503070001", "bold $warning"))], title=title)
    heading, row = facts.lines(40)
    assert heading.plain == "Debt" and heading.spans == title.spans
    assert any(str(span.style) == "bold $warning" and row.plain[span.start : span.end] == "110101198503070001"
               for span in row.spans)
    assert facts.plain == "National ID 110101198503070001"
    assert facts.title.plain == "Debt"


def test_a_str_value_is_text_not_markup():
    assert table([("Employer", "[b]Huaxia[/b]")]).plain == "Employer [b]Huaxia[/b]"


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield FactTable()

    def on_mount(self) -> None:
        self.query_one(FactTable).show([("Credit", CREDIT), ("信用记录", CREDIT_ZH)], title="Profile")


async def test_the_height_is_the_wrapped_line_count_and_follows_a_resize():
    app = TableApp()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        facts = app.query_one(FactTable)
        assert facts.size.height == len(facts.lines(40)) == 1 + 3 + 2  # the heading, then the rows as wrapped above
        drawn = [facts.render_line(y).text.rstrip() for y in range(6)]
        assert drawn == [line.plain.rstrip() for line in facts.lines(40)]
        await pilot.resize_terminal(100, 20)
        await pilot.pause()
        assert facts.size.height == len(facts.lines(100)) == 3
        facts.show([("Credit", CREDIT)])
        await pilot.pause()
        assert facts.size.height == 1
