"""Why a search result matched: the best sentence, its query words marked, escaped. No database."""

from web.presenters import snippet_html
from web.snippets import Segment, SnippetSource, best_snippet, mark, match_pattern, query_words, sentences


def test_query_words_leave_out_operators_stop_words_and_repeats():
    assert query_words('"Hip" resurfacing -knee or the HIP') == ("hip", "resurfacing")


def test_sentences_split_at_sentence_ends_only():
    text = "Targeted muscle reinnervation (TMR) is a procedure.  It reroutes nerves, e.g. cut ones.\nMore research is needed."
    assert sentences(text) == [
        "Targeted muscle reinnervation (TMR) is a procedure.",
        "It reroutes nerves, e.g. cut ones.",
        "More research is needed.",
    ]


def test_mark_stems_words_and_matches_phrases_across_whitespace():
    pattern = match_pattern(["lengthening"], ["targeted muscle reinnervation"])
    segments = mark("Bones lengthened; Targeted  muscle reinnervation. Unlengthened.", pattern)
    assert [s.text for s in segments if s.marked] == ["lengthened", "Targeted  muscle reinnervation"]
    assert (
        "".join(s.text for s in segments) == "Bones lengthened; Targeted  muscle reinnervation. Unlengthened."
    )


def test_best_snippet_prefers_the_sentence_matching_most_words_and_phrases():
    sources = [
        SnippetSource("1.1 Targeted muscle reinnervation can be used.", "Recommendation 1.1", "004.txt", 43),
        SnippetSource(
            "Amputation cuts nerves. Targeted muscle reinnervation (TMR) reroutes them.",
            "Section 2.5",
            "004.txt",
            107,
        ),
    ]
    snippet = best_snippet(sources, ["tmr"], ["Targeted muscle reinnervation"])
    assert (snippet.where, snippet.filename, snippet.line) == ("Section 2.5", "004.txt", 107)
    assert snippet.text == "Targeted muscle reinnervation (TMR) reroutes them."
    assert snippet.marked == ("Targeted muscle reinnervation", "TMR")


def test_best_snippet_ties_go_to_the_earliest_source_and_no_match_gives_none():
    sources = [SnippetSource("Hip pain first.", "A"), SnippetSource("Hip pain later.", "B")]
    assert best_snippet(sources, ["hip"]).where == "A"
    assert best_snippet(sources, ["knee"]) is None
    assert best_snippet(sources, []) is None


def test_best_snippet_cuts_a_long_sentence_around_its_match_at_word_boundaries():
    sentence = " ".join(["word"] * 150) + " reinnervation " + " ".join(["tail"] * 150) + "."
    snippet = best_snippet([SnippetSource(sentence, "Section 2.1")], ["reinnervation"])
    assert snippet.text.startswith("… word")
    assert snippet.text.endswith("tail …")
    assert len(snippet.text) <= 330
    assert snippet.marked == ("reinnervation",)


def test_snippet_html_escapes_document_text_then_wraps_the_marks():
    sources = [SnippetSource("Hostile widget <script>alert('xss')</script> implantation works.", "Title")]
    snippet = best_snippet(sources, ["widget", "script"])
    html = snippet_html(snippet.segments)
    assert html == (
        "Hostile <mark>widget</mark> &lt;<mark>script</mark>&gt;alert(&#x27;xss&#x27;)&lt;/<mark>script</mark>&gt; "
        "implantation works."
    )
    assert "<script" not in html


def test_snippet_html_escapes_a_marked_segment_too():
    assert snippet_html([Segment("a & b"), Segment("<b>", marked=True)]) == "a &amp; b<mark>&lt;b&gt;</mark>"
