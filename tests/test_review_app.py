"""The review app, headless (App.run_test + Pilot): each key sequence asserts the exact saved text.

Snapshots (pytest-textual-snapshot, tests/__snapshots__/) of the main, help and edit screens
use the sample article, a pinned theme and a 120x40 terminal; update them with
``pytest tests/test_review_app.py --snapshot-update`` after checking the SVGs by eye.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import pytest
from repair import formats
from repair.edits import Applicability, Edit, Origin, Severity
from repair.review.app import Outcome, ReviewApp, closing_line, closing_report
from repair.review.diff import context_diff
from repair.review.render import Palette, diff_text
from repair.review.state import Decision, ReviewState, Verdict
from repair.review.widgets import review_screen as screen_module
from repair.review.widgets.article import wrap_offsets
from repair.review.widgets.keybar import KeyBar
from repair.review.widgets.screens import EditScreen, FilterScreen, HelpScreen, QuitScreen
from textual import events
from textual.widgets import Static

from conftest import ARTICLE, ROOT, run_repair

SIZE = (120, 40)
TEXT = (
    "At present, the country is resuming production and production.\n"
    "It must strengthen safety production supervision and safety production.\n"
    "Li Keqiang gave instructions on Safety production.\n"
)
ALL_ACCEPTED = (
    "At present, the country is resuming work and production.\n"
    "It must strengthen work safety supervision and work safety.\n"
    "Li Keqiang gave instructions on work safety.\n"
)


def state(tmp_path: Path, engine, name: str = "a.txt", text: str = TEXT) -> ReviewState:
    src = tmp_path / name
    if not src.exists():
        src.write_text(text, encoding="utf-8")
    doc = formats.read(src)
    return ReviewState.open(doc, engine.check(doc), tmp_path / name.replace(".txt", ".repaired.txt"), mode_from=src)


async def drive(states: list[ReviewState], *keys: str, extra=None) -> ReviewApp:
    """Run the app headless, press ``keys`` (single characters are typed), return the app."""
    app = ReviewApp(states, extra=extra)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
    return app


def out(tmp_path: Path, name: str = "a.repaired.txt") -> str:
    return (tmp_path / name).read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_accept_and_reject_then_save_and_quit(tmp_path, engine):
    app = await drive([state(tmp_path, engine)], "n", "y", "n", "a", "s", "q")
    assert out(tmp_path) == (
        "At present, the country is resuming production and production.\n"
        "It must strengthen work safety supervision and safety production.\n"
        "Li Keqiang gave instructions on work safety.\n"
    )
    assert app.return_value == [Outcome(str(tmp_path / "a.txt"), str(tmp_path / "a.repaired.txt"), 2, 2, 0, 0, True, 0)]


@pytest.mark.asyncio
async def test_rewrite_in_the_inline_editor(tmp_path, engine):
    s = state(tmp_path, engine)
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "e")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        await pilot.press("ctrl+a", "ctrl+k", *"safety at work", "enter")
        await pilot.pause()
        assert app.screen is app.review
        assert s.cursor == 2
        await pilot.press("j", "e", "escape", "s")  # Esc leaves the span undecided
        await pilot.pause()
    assert out(tmp_path) == (
        "At present, the country is resuming work and production.\n"
        "It must strengthen safety at work supervision and safety production.\n"
        "Li Keqiang gave instructions on Safety production.\n"
    )


@pytest.mark.asyncio
async def test_bulk_accept_of_a_rule_and_undo(tmp_path, engine):
    await drive([state(tmp_path, engine)], "j", "A", "s")
    assert out(tmp_path) == ALL_ACCEPTED
    await drive([state(tmp_path, engine, "b.txt")], "j", "A", "u", "y", "s")
    assert out(tmp_path, "b.repaired.txt") == (
        "At present, the country is resuming work and production.\n"
        "It must strengthen work safety supervision and safety production.\n"
        "Li Keqiang gave instructions on Safety production.\n"
    )


@pytest.mark.asyncio
async def test_undo_redo_and_the_footer_shows_only_what_applies(tmp_path, engine):
    s = state(tmp_path, engine)
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.review
        assert screen.check_action("undo", ()) is False and screen.check_action("redo", ()) is False
        assert screen.check_action("next_file", ()) is False
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "Accept edit" in titles and "Undo" not in titles and "Next file" not in titles
        keys = app.review.query_one(KeyBar)
        assert [b.key for b in keys.shown] == ["y", "n", "e", "A", "R", "slash", "s", "question_mark", "q"]
        assert str(keys.render()) == (
            " y Accept  n Reject  e Rewrite  A Accept rule  R Reject rule  / Filter  s Save  "
            "? Help  q Quit " + " " * 14 + "^p palette "
        )  # 120 cells
        await pilot.press("n", "n", "u")
        await pilot.pause()
        assert screen.check_action("undo", ()) is True and screen.check_action("redo", ()) is True
        assert [b.key for b in keys.shown] == [
            "y",
            "n",
            "e",
            "A",
            "R",
            "u",
            "ctrl+r",
            "slash",
            "s",
            "question_mark",
            "q",
        ]
        assert str(keys.render()) == (
            " y Accept  n Reject  e Rewrite  A Accept rule  R Reject rule  u Undo  ^r Redo  "
            "/ Filter  s Save  ? Help  q Quit "
        )  # no room left for the palette's key
        await pilot.press("ctrl+r", "u", "u", "y", "s")
        await pilot.pause()
    assert out(tmp_path) == (
        "At present, the country is resuming work and production.\n"
        "It must strengthen safety production supervision and safety production.\n"
        "Li Keqiang gave instructions on Safety production.\n"
    )


@pytest.mark.asyncio
async def test_filter_by_category_then_clear(tmp_path, engine):
    s = state(tmp_path, engine)
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        await pilot.press(*"cat:terminology", "enter")
        await pilot.pause()
        table = app.review.table
        assert table.option_count == 3
        assert app.review.query_one("#queue").border_title == "Queue (1/3) · 4 pending of 4 · filter: cat:terminology"
        await pilot.press("k", "n", "y")  # first calque rejected, second accepted
        await pilot.press("slash", "ctrl+a", "ctrl+k", "enter", "s")
        await pilot.pause()
        assert table.option_count == 4
    assert out(tmp_path) == (
        "At present, the country is resuming work and production.\n"
        "It must strengthen safety production supervision and work safety.\n"
        "Li Keqiang gave instructions on Safety production.\n"
    )


@pytest.mark.asyncio
async def test_quit_with_unsaved_decisions_asks(tmp_path, engine):
    app = ReviewApp([state(tmp_path, engine)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "y", "q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("escape", "ctrl+q")  # ctrl+q asks too
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.review and app.return_value is None
        await pilot.press("q", "s")
        await pilot.pause()
    assert app.return_value[0].saved is True
    assert out(tmp_path) == (
        "At present, the country is resuming work and production.\n"
        "It must strengthen work safety supervision and safety production.\n"
        "Li Keqiang gave instructions on Safety production.\n"
    )


@pytest.mark.asyncio
async def test_quit_without_saving_then_resume_from_the_sidecar(tmp_path, engine):
    app = await drive([state(tmp_path, engine)], "n", "y", "q", "d")
    assert not (tmp_path / "a.repaired.txt").exists()
    assert app.return_value[0].saved is False
    sidecar = json.loads((tmp_path / "a.repaired.txt.review.json").read_text(encoding="utf-8"))
    assert [d["decision"] for d in sidecar["decisions"]] == ["reject", "accept"]
    s = state(tmp_path, engine)
    assert s.cursor == 2  # where the person stopped
    await drive([s], "y", "s", "q")
    assert out(tmp_path) == (
        "At present, the country is resuming production and production.\n"
        "It must strengthen work safety supervision and work safety.\n"
        "Li Keqiang gave instructions on Safety production.\n"
    )


@pytest.mark.asyncio
async def test_help_screen_and_marker_toggle(tmp_path, engine):
    s = state(tmp_path, engine)
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "m")
        await pilot.pause()
        current = str(app.review.query_one("#current").render())
        assert "resuming [-production-]{+work+} and production." in current
        await pilot.press("y", "s")
    assert out(tmp_path).startswith("At present, the country is resuming work and production.\n")


@pytest.mark.asyncio
async def test_a_rewrite_goes_to_the_edit_the_editor_was_opened_on(tmp_path, engine):
    s = state(tmp_path, engine)
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "e")  # the editor on "safety production" (line 2, first)
        await pilot.pause()
        s.goto(3)  # the cursor moves while the person types (e.g. a re-check ends)
        await pilot.press("ctrl+a", "ctrl+k", *"work safety (WS)", "enter")
        await pilot.pause()
        assert [(s.items[i].edit.start, s.verdict(i)) for i in s.view] == [
            (36, Verdict(Decision.ACCEPT, auto=True)),
            (19, Verdict(Decision.REWRITE, "work safety (WS)")),
            (53, None),
            (32, None),
        ]
        assert s.cursor == 2  # on from the rewritten row
        await pilot.press("s")
        await pilot.pause()
    assert out(tmp_path).splitlines()[1] == "It must strengthen work safety (WS) supervision and safety production."


@pytest.mark.asyncio
async def test_a_sidecar_that_cannot_be_written_is_said_at_once_and_at_quit(tmp_path, engine):
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    (tmp_path / "blocked").write_text("", encoding="utf-8")  # a file where the sidecar's folder would be
    doc = formats.read(src)
    side = tmp_path / "blocked" / "a.review.json"
    s = ReviewState.open(doc, engine.check(doc), tmp_path / "a.repaired.txt", sidecar=side)
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        app.sidecar_writer.flush()  # written on the writer's thread: the screen hears of it after
        await pilot.pause()
        assert [(n.message, n.severity) for n in app._notifications] == [
            (f"decisions are not being kept: {side}: cannot write: Not a directory", "error")
        ]
        assert str(app.review.table.get_option_at_index(0).prompt).startswith("reject ")  # the screen shows it
        await pilot.press("n", "q")  # one notice, not one per key
        await pilot.pause()
        assert len(app._notifications) == 1
        dialog = "\n".join(str(w.render()) for w in app.screen.query("#dialog Static"))
        assert f"The sidecar of {src} could not be written: quitting without saving loses those decisions." in dialog
        await pilot.press("d")
        await pilot.pause()
    outcome = app.return_value[0]
    assert closing_line(outcome) == (
        f"{src}: 0 accepted, 2 rejected, 0 rewritten, 2 pending; not saved, and the decisions are lost: "
        f"{side}: cannot write: Not a directory",
        True,
    )
    assert closing_report(app.return_value, [s]) == ([closing_line(outcome)[0]], 2)
    assert closing_report(None, [s])[0][0] == "repair review: closed before quitting"
    assert closing_line(replace(outcome, sidecar_error=None)) == (
        f"{src}: 0 accepted, 2 rejected, 0 rewritten, 2 pending; not saved (decisions kept in {tmp_path / 'a.repaired.txt'}"
        ".review.json)",
        False,
    )


@pytest.mark.asyncio
async def test_an_app_closed_before_quitting_still_reports_each_file(tmp_path, engine):
    s = state(tmp_path, engine)
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.exit()  # as a signal or an error ends it: no outcome
        await pilot.pause()
    assert app.return_value is None
    assert closing_report(app.return_value, [s]) == (
        [
            "repair review: closed before quitting",
            f"{tmp_path / 'a.txt'}: 0 accepted, 1 rejected, 0 rewritten, 3 pending; not saved (decisions kept in "
            f"{tmp_path / 'a.repaired.txt'}.review.json)",
        ],
        1,
    )
    assert json.loads((tmp_path / "a.repaired.txt.review.json").read_text())["decisions"][0]["decision"] == "reject"
    assert closing_report([], [s]) == ([], 0)


@pytest.mark.asyncio
async def test_two_quick_file_switches_end_on_the_last_one(tmp_path, engine):
    a, b = state(tmp_path, engine), state(tmp_path, engine, "b.txt", "Resuming production and production.\n")
    app = ReviewApp([a, b])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.review
        loads = []
        real = screen.load_file
        screen.load_file = lambda index: (loads.append(index), real(index))
        screen.action_next_file()  # ] then [ before the list's messages are handled
        screen.action_previous_file()
        await pilot.pause()
        await pilot.pause()
        assert (loads, screen.file, screen.query_one("#files").highlighted) == ([1, 0], 0, 0)
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert (loads[2:], screen.state is b) == ([1, 0, 1], True)


@pytest.mark.asyncio
async def test_several_files_and_later_model_edits(tmp_path, engine):
    a, b = state(tmp_path, engine), state(tmp_path, engine, "b.txt", "Resuming production and production.\n")
    model = Edit(0, 2, "Today, it", "model/demo", origin=Origin.MODEL, segment=1, message="a model edit")
    app = ReviewApp([a, b], extra=[(0, [model])])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.review.table.option_count == 5
        assert app.review.check_action("next_file", ()) is True
        await pilot.press("j", "y", "right_square_bracket")
        await pilot.pause()
        assert app.review.state is b
        await pilot.press("n", "s", "left_square_bracket", "s", "q")
        await pilot.pause()
    assert [o.path for o in app.return_value] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert out(tmp_path, "b.repaired.txt") == "Resuming production and production.\n"
    assert out(tmp_path) == (
        "At present, the country is resuming work and production.\n"
        "Today, it must strengthen safety production supervision and safety production.\n"
        "Li Keqiang gave instructions on Safety production.\n"
    )


@pytest.mark.asyncio
async def test_a_long_queue_is_an_option_list_that_follows_the_cursor(tmp_path, engine):
    lines = [f"Line {n} is resuming production and production under safety production.\n" for n in range(150)]
    s = state(tmp_path, engine, text="".join(lines))
    assert len(s.view) == 300
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.review.table
        assert (table.option_count, table.highlighted, table.scroll_y) == (300, 0, 0)
        assert str(app.review.query_one("#queue-header", Static).render()) == (
            "decision  line  rule                                    category                 severity  origin  message"
        )
        await pilot.press("end")  # the OptionList's own key: the review's cursor follows
        await pilot.pause()
        height = table.scrollable_content_region.height
        assert (s.cursor, table.highlighted, table.scroll_y) == (299, 299, 300 - height)
        assert line_text(table, height - 1) == (
            "          150   zh-en/calque/work-safety                terminology/wrong-term   "
            "major     rule    安全生产 calqu…"
        )
        assert app.review.query_one("#queue").border_title == "Queue (300/300) · 300 pending of 300"
        await pilot.press("k")  # the review's key: the highlight follows
        await pilot.pause()
        assert (s.cursor, table.highlighted) == (298, 298)
        await pilot.press("j", "y", "home")
        await pilot.pause()
        assert (s.cursor, table.highlighted, table.scroll_y) == (0, 0, 0)
        assert str(table.get_option_at_index(299).prompt).startswith("accept    150   zh-en/calque/work-safety")
        await pilot.press("n", "s")
        await pilot.pause()
    saved = out(tmp_path).splitlines()
    assert saved[0] == "Line 0 is resuming production and production under safety production."
    assert saved[1] == "Line 1 is resuming work and production under safety production."
    assert saved[149] == "Line 149 is resuming work and production under work safety."


@pytest.mark.asyncio
async def test_queue_lines_are_drawn_from_the_decisions_and_the_theme(tmp_path, engine):
    s = state(tmp_path, engine)
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.review.table
        before = list(table.options)
        prompts = [o.prompt for o in before]

        def first_line() -> tuple[str, object]:
            segments = list(table.render_line(0))
            return "".join(seg.text for seg in segments), segments[0].style.color

        assert first_line()[0].startswith("auto      1     zh-en/coordination/work-and-production")
        await pilot.press("y")
        await pilot.pause()
        # the same options and prompts: the drawn line reads the decision from the state
        assert list(table.options) == before and all(o.prompt is p for o, p in zip(table.options, prompts))
        text, colour = first_line()
        assert text.startswith("accept    1     zh-en/coordination/work-and-production")
        assert (
            colour.name == app.current_theme.success.lower() or colour.triplet.hex == app.current_theme.success.lower()
        )
        app.theme = "nord"
        await pilot.pause()
        text, colour = first_line()
        assert colour.triplet.hex == app.get_theme("nord").success.lower()
        assert table.highlighted == s.cursor == 1


@pytest.mark.asyncio
async def test_a_click_on_a_queue_row_or_a_key_of_the_footer(tmp_path, engine):
    s = state(tmp_path, engine)
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#queue-list", offset=(10, 2))  # rows 0 and 1, then row 2
        await pilot.pause()
        assert s.cursor == 2
        await pilot.click("#keys", offset=(11, 0))  # " y Accept  n Reject": on "n Reject"
        await pilot.pause()
        assert (s.cursor, [s.verdict(i) for i in s.view][2].decision.value) == (3, "reject")


@pytest.mark.asyncio
async def test_command_palette_runs_the_same_actions(tmp_path, engine):
    s = state(tmp_path, engine)
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"reject edit")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.review and s.cursor == 2
        await pilot.press("s")
        await pilot.pause()
    assert out(tmp_path) == TEXT.replace("production and production", "work and production")
    assert json.loads((tmp_path / "a.repaired.txt.review.json").read_text())["decisions"][0]["decision"] == "reject"


@pytest.mark.asyncio
async def test_model_edits_from_an_async_source_arrive_while_reviewing(tmp_path, engine):
    s = state(tmp_path, engine)

    async def model():
        yield 0, [Edit(49, 52, "with", "model/demo", origin=Origin.MODEL, segment=1, message="a model edit")]

    app = ReviewApp([s], extra=model())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"origin:model", "enter", "y", "s")
        await pilot.pause()
        assert app.review.table.option_count == 1
    assert out(tmp_path).splitlines()[1] == "It must strengthen safety production supervision with safety production."


def test_colour_diff_separates_the_deletion_from_the_insertion():
    pieces = context_diff("the country is resuming production and production.", 24, 34, "work")
    palette = Palette(error="red", success="green")
    text = diff_text(pieces, palette, use_markers=False)
    assert text.plain == "the country is resuming production work and production."
    assert [(text.plain[s.start : s.end], str(s.style)) for s in text.spans] == [
        ("production", "strike red"),
        ("work", "bold green"),
    ]
    assert (
        diff_text(pieces, palette, use_markers=True).plain
        == "the country is resuming [-production-]{+work+} and production."
    )
    # a pure insertion or deletion gets no separator
    assert diff_text(context_diff("a b c", 2, 4, ""), palette, False).plain == "a b c"
    assert diff_text(context_diff("a c", 2, 2, "b "), palette, False).plain == "a b c"


def test_word_wrap_of_the_article_pane():
    assert wrap_offsets("", 10) == [(0, 0)]
    assert wrap_offsets("short", 10) == [(0, 5)]
    assert wrap_offsets("one two three four", 9) == [(0, 8), (8, 14), (14, 18)]
    assert wrap_offsets("abcdefghijkl xy", 5) == [(0, 5), (5, 10), (10, 15)]
    assert wrap_offsets("安全生产 calque", 6) == [(0, 3), (3, 5), (5, 11)]  # 2 cells a character


def line_text(view, y: int) -> str:
    return "".join(seg.text for seg in view.render_line(y)).rstrip()


@pytest.mark.asyncio
async def test_article_pane_shows_the_whole_article_with_the_current_edit_in_view(tmp_path, engine):
    lines = [f"Line {n} is resuming production and production under safety production.\n" for n in range(150)]
    s = state(tmp_path, engine, text="".join(lines))
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.review.article
        assert view.line_count == 300  # every segment, each wrapped to two lines at this width
        assert line_text(view, 0) == "   1● Line 0 is resuming production and production"
        assert line_text(view, 1) == "      under safety production."
        await pilot.press("end")
        await pilot.pause()
        top = int(view.scroll_y)
        assert view.line_of(149, s.current.edit.start) == 299
        assert top <= 299 < top + view.scrollable_content_region.height
        assert line_text(view, 298 - top) == " 150● Line 149 is resuming production and production"
        await pilot.press("home", "n", "n")  # both edits of line 1 decided: no pending mark left
        await pilot.pause()
        assert (s.cursor, int(view.scroll_y)) == (2, 0)
        assert line_text(view, 0) == "   1  Line 0 is resuming production and production"
        assert line_text(view, 2) == "   2● Line 1 is resuming production and production"


@pytest.mark.asyncio
async def test_stale_decisions_are_reported_on_opening(tmp_path, engine):
    await drive([state(tmp_path, engine)], "j", "y", "y", "q", "d")  # both calques of line 2 accepted
    (tmp_path / "a.txt").write_text(
        TEXT.replace("and safety production.", "and safety production work."), encoding="utf-8"
    )
    s = state(tmp_path, engine)
    assert [d["original"] for d in s.stale] == ["safety production"]
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [(n.message, n.severity) for n in app._notifications] == [
            ("1 earlier decisions no longer match the text (stale): kept in the sidecar, not applied", "warning")
        ]
        await pilot.press("s", "q")
        await pilot.pause()
    assert app.return_value[0].stale == 1
    assert out(tmp_path) == (
        "At present, the country is resuming work and production.\n"
        "It must strengthen work safety supervision and safety production work.\n"
        "Li Keqiang gave instructions on Safety production.\n"
    )


@pytest.mark.asyncio
async def test_recheck_offers_the_edits_that_the_fixes_uncover(tmp_path, engine):
    src = tmp_path / "article.txt"
    src.write_bytes(ARTICLE.read_bytes())
    doc = formats.read(src)
    s = ReviewState.open(
        doc, engine.check(doc), tmp_path / "article.repaired.txt", unsafe=True, mode_from=src, checker=engine
    )
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.review.check_action("recheck", ()) is True
        await pilot.press("c")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["re-check: 2 new edits"]
        assert (s.current.edit.rule_id, s.cursor, len(s.view)) == ("zh-en/calque/xi-thought-possessive", 8, 30)
        assert app.review.query_one("#queue").border_title == "Queue (9/30) · 30 pending of 30"
        await pilot.press("n", "s", "q")
        await pilot.pause()
    fix = run_repair("fix", "--unsafe-fixes", "-", stdin=ARTICLE.read_bytes()).stdout.decode("utf-8")
    assert "Xi Jinping Thought on Socialism" in fix
    assert out(tmp_path, "article.repaired.txt") == fix.replace(
        "Xi Jinping Thought on Socialism", "Xi Jinping's Thought on Socialism"
    )


@pytest.mark.asyncio
async def test_keys_are_handled_while_a_recheck_runs(tmp_path, engine, monkeypatch):
    monkeypatch.setattr(screen_module, "RECHECK_SLICE", 0.0)  # one step per turn of the event loop
    monkeypatch.setattr(screen_module, "STATUS_EVERY", 0.0)  # and its progress shown after each
    lines = [
        f"Line {n}: Xi Jinping ’s socialist thinking with Chinese characteristics in the new era guides us.\n"
        for n in range(1200)
    ]
    src = tmp_path / "a.txt"
    src.write_text("".join(lines), encoding="utf-8")
    doc = formats.read(src)
    s = ReviewState.open(doc, engine.check(doc), tmp_path / "a.repaired.txt", mode_from=src, checker=engine)
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [s.items[i].edit.rule_id for i in s.view[:2]] == [
            "mt-en/characters/space-before-possessive",
            "zh-en/calque/xi-thought",
        ]
        assert s.verdict(s.view[0]).auto and s.cursor == 0
        screen = app.review
        screen.action_recheck()
        worker = screen.recheck_worker
        assert worker is not None
        seen = set()

        async def until(condition) -> None:
            for _ in range(100_000):  # turns of the event loop; a failure, not a hang
                if condition():
                    return
                await asyncio.sleep(0)
                seen.add(screen.sub_title.split(" · ")[-1])
            raise AssertionError("never happened")

        await until(lambda: "re-check: checking" in screen.sub_title)
        assert screen.sub_title.startswith(f"{src} -> {tmp_path / 'a.repaired.txt'} · re-check: checking ")
        assert f"re-check: reading the document (1/{len(engine.matchers)})" in seen
        screen.action_recheck()  # a second c while one runs
        await until(lambda: app._notifications)
        assert [n.message for n in app._notifications] == [
            "a re-check is running; its edits join the queue when it ends"
        ]
        key = events.Key("n", "n")  # a key, as the terminal sends it
        key.set_sender(app)
        app._driver.send_message(key)
        await until(lambda: not s.verdict(s.view[0]).auto)
        assert screen.recheck_worker is worker and worker.is_running  # handled before the re-check ended
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.recheck_worker is None and screen.sub_title.endswith("· unsaved")
        assert [n.message for n in app._notifications][-1] == "re-check: 1199 new edits"  # none in segment 0: rejected
        assert len(s.view) == 3599
        # the cursor moved meanwhile (n went on to the next edit), so it stays where the person is
        e = s.current.edit
        assert (s.cursor, e.segment, e.start, e.end, e.rule_id, s.verdict(s.current.id)) == (
            1,
            0,
            22,
            84,
            "zh-en/calque/xi-thought",
            None,
        )
        new = s.items[s.view[2]]  # segment 1's: the official name, once the possessive is fixed
        assert (new.id, new.edit.segment, new.edit.start, new.edit.end, new.edit.rule_id, s.verdict(new.id)) == (
            2400,
            1,
            8,
            84,
            "zh-en/calque/xi-thought",
            None,
        )
        await pilot.press("s")
        await pilot.pause()
    saved = out(tmp_path).splitlines()
    assert saved[0] == "Line 0: Xi Jinping ’s socialist thinking with Chinese characteristics in the new era guides us."
    assert (
        saved[1]
        == saved[1199].replace("1199", "1")
        == ("Line 1: Xi Jinping's socialist thinking with Chinese characteristics in the new era guides us.")
    )


@pytest.mark.asyncio
async def test_a_failing_recheck_is_shown_and_the_review_goes_on(tmp_path, engine, monkeypatch):
    s = state(tmp_path, engine)
    s.checker = engine

    def broken(*args, **kwargs):
        yield "reading the document (1/11)"
        raise RuntimeError("boom\nmore lines")

    monkeypatch.setattr(engine, "check_steps", broken)
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [(n.message, n.severity) for n in app._notifications] == [("re-check failed: boom", "error")]
        assert app.review.recheck_worker is None and app.review.recheck_status == ""
        await pilot.press("n", "s")
        await pilot.pause()
    assert out(tmp_path).splitlines()[0] == TEXT.splitlines()[0]


def test_command_refuses_stdin_missing_files_and_no_terminal(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    cases = [
        (["review", "-"], "repair: error: -: review needs files, not stdin"),
        (["review", str(tmp_path / "nope.txt")], f"repair: error: {tmp_path / 'nope.txt'}: no such file or folder"),
        (
            ["review", str(tmp_path / "a.txt")],
            "repair: error: <terminal>: repair review needs an interactive terminal"
            " (use `repair check` or `repair fix` in scripts)",
        ),
    ]
    for args, message in cases:
        proc = run_repair(*args, stdin=b"")
        assert (proc.returncode, proc.stderr.decode().strip()) == (2, message)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # nothing written


# ----- snapshots ---------------------------------------------------------------------------


#: Fixed findings on the sample article (segment, phrase, fix, rule, category, severity, tier, message):
#: the snapshots test the screens, not the rule packs, so they do not change when a rule does.
FINDINGS = (
    (
        2,
        "safe production",
        "work safety",
        "zh-en/calque/work-safety",
        "terminology/wrong-term",
        "major",
        "unsafe",
        "安全生产 calque: the term is 'work safety'",
    ),
    (
        8,
        "safety production",
        "work safety",
        "zh-en/calque/work-safety",
        "terminology/wrong-term",
        "major",
        "unsafe",
        "安全生产 calque: the term is 'work safety'",
    ),
    (
        8,
        "production and production",
        "work and production",
        "zh-en/coordination/work-and-production",
        "accuracy/mistranslation",
        "major",
        "safe",
        "复工复产 is 'work and production', not 'production and production'",
    ),
    (
        8,
        "Strengthen the",
        "strengthen the",
        "mt-en/capitalization/mid-sentence",
        "fluency/spelling",
        "minor",
        "safe",
        "a capital letter in mid-sentence on a common word",
    ),
    (
        14,
        "Effectiveness",
        "Effectiveness",
        "mt-en/capitalization/mid-sentence",
        "fluency/spelling",
        "minor",
        "display",
        "a capital letter in mid-sentence on a common word; the clause around it looks garbled: rewrite by hand",
    ),
    (
        18,
        "Jinping's",
        "Xi Jinping's",
        "zh-en/name/given-name-alone",
        "accuracy/mistranslation",
        "major",
        "safe",
        "a Chinese given name without its surname: 'Xi Jinping' was named in full earlier",
    ),
)


def sample_app() -> ReviewApp:
    doc = formats.read(str(ARTICLE.relative_to(ROOT)), ARTICLE.read_bytes())
    edits = []
    for seg, phrase, fix, rule, category, severity, tier, message in FINDINGS:
        start = doc.segments[seg].text.index(phrase)
        edits.append(
            Edit(
                start,
                start + len(phrase),
                fix,
                rule,
                category=category,
                severity=Severity(severity),
                applicability=Applicability(tier),
                message=message,
                segment=seg,
                original=phrase,
            )
        )
    s = ReviewState.open(doc, edits, "article.repaired.txt", persist=False)
    return ReviewApp([s], theme="textual-dark")


def test_snapshot_main_screen(snap_compare):
    assert snap_compare(sample_app(), press=["j", "j", "n"], terminal_size=SIZE)


def test_snapshot_help_screen(snap_compare):
    assert snap_compare(sample_app(), press=["question_mark"], terminal_size=SIZE)


def test_snapshot_edit_screen(snap_compare):
    assert snap_compare(sample_app(), press=["j", "j", "j", "j", "e"], terminal_size=SIZE)


def test_snapshot_main_screen_at_80x24(snap_compare):
    assert snap_compare(sample_app(), press=["j", "j", "n"], terminal_size=(80, 24))


@pytest.mark.asyncio
async def test_at_80x24_the_diff_and_every_key_are_on_screen():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "n")
        await pilot.pause()
        screen = app.review
        pane = screen.query_one("#current-pane")
        current = screen.query_one("#current")
        lines = [strip.text for strip in current.render_lines(current.region.reset_offset)]
        keys = screen.query_one(KeyBar)
        assert screen.query_one("#article").display is False  # 80x24: the edit pane instead of the article
        assert pane.region.height == 13 and pane.region.bottom <= screen.query_one("#queue").region.y
        assert [line.rstrip() for line in lines[3:6]] == [
            "",
            "…and law enforcement by zoning and classification, Strengthen strengthen the",
            "implementation of corporate responsibility, firmly adhere…",
        ]
        assert keys.region == keys.region.__class__(0, 22, 80, 2)
        assert str(keys.render()).splitlines() == [
            " y Accept  n Reject  e Rewrite  A Accept rule  R Reject rule  u Undo  / Filter ",
            " s Save  ? Help  q Quit " + " " * 45 + "^p palette ",
        ]


@pytest.mark.asyncio
async def test_bilingual_input_shows_the_source_above_the_edit(tmp_path, engine):
    xlf = ROOT / "samples" / "wmt21-zh-en.online-a.xlf"
    doc = formats.read(xlf)
    st = ReviewState.open(doc, engine.check(doc), tmp_path / "o.xlf", mode_from=xlf)
    seg = doc.segments[st.current.edit.segment]
    app = ReviewApp([st])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = str(app.review.query_one("#current").render())
    assert seg.source and f"source  {seg.source}\n" in shown


@pytest.mark.asyncio
async def test_save_in_the_app_refuses_an_input_changed_on_disk_and_says_so(tmp_path, engine):
    import hashlib

    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    doc = formats.read(src)
    s = ReviewState.open(
        doc,
        engine.check(doc),
        tmp_path / "a.repaired.txt",
        mode_from=src,
        input_digest=hashlib.sha256(src.read_bytes()).hexdigest(),
    )
    app = ReviewApp([s])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        src.write_text(ALL_ACCEPTED, encoding="utf-8")  # `repair fix --in-place` meanwhile
        await pilot.press("s")
        await pilot.pause()
        assert [(n.message, n.severity) for n in app._notifications] == [
            (
                f"{src}: changed on disk since the review opened it (another program wrote it, e.g. `repair fix"
                " --in-place`); not saved: quit and run `repair review` again to review the file as it is now (your"
                " decisions are kept in a.repaired.txt.review.json)",
                "error",
            )
        ]
        assert s.dirty and app.review.check_action("save", ()) is True
        await pilot.press("q", "d")
        await pilot.pause()
    assert not (tmp_path / "a.repaired.txt").exists()
    assert app.return_value == [Outcome(str(src), str(tmp_path / "a.repaired.txt"), 0, 1, 0, 3, False, 0)]


def test_keys_footer_help_and_palette_come_from_one_table():
    from repair.review import actions
    from repair.review.widgets.review_screen import ReviewScreen

    bound = [a for a in actions.ACTIONS if a.screen]
    assert [a.name for a in bound if not hasattr(ReviewScreen, f"action_{a.name}")] == []
    keys = [b.key for b in ReviewScreen.BINDINGS]
    assert len(keys) == len(set(keys)) == sum(len(a.keys) for a in bound)
    assert [(b.key, b.action) for b in ReviewScreen.BINDINGS if b.show] == [
        ("y", "accept"),
        ("n", "reject"),
        ("e", "rewrite"),
        ("A", "accept_rule"),
        ("R", "reject_rule"),
        ("u", "undo"),
        ("ctrl+r", "redo"),
        ("slash", "filter"),
        ("s", "save"),
        ("right_square_bracket", "next_file"),
        ("left_square_bracket", "previous_file"),
        ("question_mark", "help"),
        ("q", "quit_review"),
    ]
    assert [row[0] for row in actions.help_rows()] == [
        "y  a",
        "n  r",
        "e",
        "A  R",
        "u  ctrl+r",
        "j  k  ↓  ↑",
        "/",
        "m",
        "s",
        "c",
        "]  [",
        "q",
        "ctrl+p",
        "?",
    ]
    assert ("undo", "Undo", "Undo the last decision (u)") in actions.palette()
    assert [name for name, _, _ in actions.palette()] == [a.name for a in bound]
