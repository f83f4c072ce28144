"""Write brief-heat.pdf next to this script: an invented city public-health policy brief.

The Office of Climate and Health of Port Ellery City Council (all invented: the city, the
office, the people, the districts and every figure) reviews the heatwaves of summer 2025 and
recommends what the city should do. The shape is a real policy brief's, typeset the way a word
processor would: a title, a "Published by ... · March 2026" line, the authors, an executive
summary, numbered sections, body paragraphs wrapped across lines (and split across pages), a
table of heat-related hospital admissions by district for 2024 and 2025 with a Total row, a
bulleted list of recommendations, one footnote at the foot of page 1, a running header from
page 2 and a footer "Page N of M" on every page.

Deterministic: reportlab's invariant mode (fixed creation date and document id), so two runs
give the same bytes. Standard Type 1 fonts, not embedded, keep the file small.

Needs reportlab, which qa_bot does not depend on; install it in a separate venv:
    python3 -m venv /tmp/rl && /tmp/rl/bin/pip install reportlab
Run: /tmp/rl/bin/python benchmarks/data/make_brief.py
"""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config

rl_config.invariant = 1  # fixed /CreationDate and /ID: same bytes each run

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_LEFT  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

OUT = Path(__file__).resolve().parent / "brief-heat.pdf"

TITLE = "Keeping Port Ellery Cool: Heat and Health After the Summer of 2025"
PUBLISHED = "Published by the Office of Climate and Health, Port Ellery City Council · March 2026"
AUTHORS = "Dr. Amara Oyelaran, Tomasz Wierzbicki and Priya Raghunathan"
SERIES = "Policy Brief 2026/03"
RUNNING_HEADER = "Port Ellery City Council · Office of Climate and Health"
RUNNING_TITLE = "Keeping Port Ellery Cool"

FOOTNOTE = (
    "<super>1</super> A heat-health alert is issued when the national weather service forecasts "
    "a maximum of at least 33 °C on two consecutive days, with a night-time minimum above 22 °C."
)

SUMMARY = (
    "Port Ellery, a coastal city of 640,000 people, had its hottest summer on record in 2025. "
    "Three heatwaves between late June and late August brought 23 days of heat-health "
    "alerts<super>1</super>, against 9 in 2024, and a new city record of 41.2 °C on 19 July. "
    "Heat-related hospital admissions rose from 812 in 2024 to 1,486 in 2025, an increase of 83 "
    "per cent, and we estimate that 94 more people died during the heatwaves than would have been "
    "expected. The burden fell hardest on people aged 75 and over and on Harbourside, the "
    "district with the least shade in the city. This brief, commissioned by Deputy Mayor Rosa "
    "Delacroix-Hart in October 2025, reviews what the city's Heat Action Plan achieved and sets "
    "out five recommendations, costing €18.7 million over four years."
)

SECTIONS: list[tuple[str, list[object]]] = [
    (
        "1. The 2025 heat season",
        [
            "The summer of 2025 was not one long heatwave but three. The first ran from 27 June "
            "to 2 July, the second, and by far the worst, lasted eleven days from 14 to 24 July, "
            "and the third ran from 18 to 22 August. On 19 July the Harbourside weather station "
            "recorded 41.2 °C, beating the city record of 39.8 °C set in August 2019.",
            "What made 2025 dangerous was not only the heat of the days but the warmth of the "
            "nights. During the July heatwave the temperature did not fall below 25 °C on six "
            "consecutive nights, so homes that had absorbed heat during the day had no chance to "
            "cool down. Doctors in the city's emergency departments reported that most of their "
            "patients arrived not on the hottest afternoons but two or three days into each "
            "heatwave, after several warm nights in a row.",
            "Satellite measurements taken on 19 July show how unevenly the heat was spread. Road "
            "surfaces in central Harbourside reached 58 °C, while the grass in Riverbend Park, "
            "three kilometres away, stayed at 31 °C. Tree canopy covers only 8 per cent of "
            "Harbourside, against a city average of 21 per cent and 34 per cent in the leafy "
            "suburb of Westfield. Much of Harbourside's housing is made up of flats built in the "
            "1960s, with flat roofs, little insulation and windows that open only a few "
            "centimetres.",
        ],
    ),
    (
        "2. Who was admitted to hospital",
        [
            "The Port Ellery Health Trust counts admissions for conditions caused directly by "
            "heat, such as heatstroke, heat exhaustion and dehydration, together with heart and "
            "kidney conditions made worse by it. Table 1 shows the counts for the city's five "
            "districts. Every district saw a sharp rise, but Harbourside had both the most "
            "admissions and one of the steepest increases.",
            "TABLE",
            "Age mattered more than place. People aged 75 and over make up 9 per cent of the "
            "city's population but accounted for 46 per cent of heat-related admissions and for "
            "71 per cent of the estimated 94 excess deaths. Most of those who died lived alone, "
            "and several had not been seen by neighbours for days before they were found. "
            "Children under five accounted for 7 per cent of admissions, mostly for dehydration.",
            "Outdoor workers were the other group hit hard. The Health Trust recorded 118 "
            "admissions of people who fell ill at work, 64 of them on construction sites, where "
            "no rule required work to stop in extreme heat.",
            "The strain showed well beyond the wards. The ambulance service answered 2,310 "
            "heat-related calls during the three heatwaves, and on 20 July, the day after the "
            "record, its average response time for the most urgent calls rose to 14 minutes, "
            "against a target of 8. Two of the city's three emergency departments declared a "
            "critical incident that weekend and diverted patients to hospitals outside the city.",
        ],
    ),
    (
        "3. What worked and what did not",
        [
            "The city's Heat Action Plan, first adopted in 2021, worked better in some respects "
            "than in others. Its 14 cooling centres, set up in libraries, sports halls and "
            "community centres, received 38,200 visits over the summer. However, only four of "
            "them stayed open after 8 pm, just when homes in the worst-hit districts were at "
            "their hottest, and a survey of visitors found that half had travelled more than a "
            "kilometre to reach one.",
            "The HeatCheck telephone service was the plan's clear success. Some 420 volunteers "
            "called 6,150 older residents who live alone every day of every alert, and sent a "
            "nurse when someone did not answer or sounded unwell. Of the residents HeatCheck "
            "called, 31 were admitted to hospital and none died. The service cost €310,000 in "
            "2025, most of it for the staff who train and coordinate the volunteers.",
            "Warnings reached care homes too slowly. The national weather service issues its "
            "alerts at 10 am on the day before the heat, but 17 of the city's 52 care homes said "
            "they first heard of an alert from the news, and three said they never received one "
            "at all.",
            "The public information campaign, Stay Cool, Check In, reached more people than in "
            "any previous year: its advice was shown on 600 bus shelters and sent to 210,000 "
            "households by text message. Yet a telephone survey carried out by the office in "
            "September 2025 found that only 38 per cent of residents aged 75 and over remembered "
            "seeing it, because most of them do not use a mobile phone for messages and rarely "
            "travel by bus. Printed leaflets delivered by hand, which the plan dropped in 2023 to "
            "save money, had reached far more of them.",
        ],
    ),
    (
        "4. Recommendations",
        [
            "We recommend that the City Council:",
            [
                "Keep all cooling centres open until 10 pm on alert days, and open six more, four "
                "of them in Harbourside and Eastgate, by June 2026.",
                "Plant 12,000 street trees by 2030, starting with the streets where canopy cover "
                "is below 10 per cent.",
                "Expand HeatCheck to 15,000 residents by enrolling them through family doctors "
                "and pharmacies.",
                "Require cool, reflective roofs on all new public buildings from January 2027.",
                "Send heat alerts directly to every care home and construction site by text "
                "message, and ask the national government to let work stop when the temperature "
                "passes 35 °C.",
            ],
        ],
    ),
    (
        "5. Costs and next steps",
        [
            "Together the five measures would cost €18.7 million over four years. Street trees "
            "are the largest item, at €9.4 million, followed by the new cooling centres at €4.2 "
            "million; expanding HeatCheck would cost €1.1 million a year. We propose that half "
            "of the cost come from the city's capital budget and half from the regional Climate "
            "Adaptation Fund, which is accepting bids until 30 June 2026.",
            "These costs should be weighed against those of doing nothing. Each heat-related "
            "admission costs the Health Trust an average of €4,800, so the 674 extra admissions "
            "of 2025 alone cost it about €3.2 million.",
            "The Council's Health and Wellbeing Committee will consider these recommendations on "
            "21 April 2026. Comments on this brief can be sent to the Office of Climate and "
            "Health until 10 April 2026.",
        ],
    ),
    (
        "About the authors",
        [
            "Dr. Amara Oyelaran leads the epidemiology team at the Office of Climate and Health "
            "and is the lead author of this brief. Tomasz Wierzbicki is a senior policy analyst "
            "at the office. Priya Raghunathan is its urban climate adviser; she mapped the "
            "surface temperatures described in section 1.",
        ],
    ),
]

TABLE_CAPTION = (
    "Table 1. Heat-related hospital admissions by district, June to September, 2024 and 2025"
)
TABLE_ROWS = [
    ["District", "2024", "2025", "Change"],
    ["Northside", "148", "263", "+78%"],
    ["Harbourside", "201", "389", "+94%"],
    ["Eastgate", "176", "331", "+88%"],
    ["Old Town", "119", "205", "+72%"],
    ["Westfield", "168", "298", "+77%"],
    ["Total", "812", "1,486", "+83%"],
]
TABLE_SOURCE = "Source: Port Ellery Health Trust, admissions to 30 September 2025."

PAGE_W, PAGE_H = A4
MARGIN = 22 * mm
FOOTNOTE_SPACE = 16 * mm  # kept free above the footer on page 1 for the footnote

BODY = ParagraphStyle(
    "Body", fontName="Helvetica", fontSize=10.5, leading=14.5, spaceAfter=7, alignment=TA_LEFT
)
STYLES = {
    "title": ParagraphStyle(
        "Title",
        fontName="Helvetica-Bold",
        fontSize=21,
        leading=25,
        spaceAfter=8,
        textColor=colors.HexColor("#8a1c12"),
    ),
    "published": ParagraphStyle(
        "Published",
        fontName="Helvetica",
        fontSize=10,
        leading=13,
        spaceAfter=3,
        textColor=colors.HexColor("#444444"),
    ),
    "authors": ParagraphStyle(
        "Authors",
        fontName="Helvetica-Oblique",
        fontSize=10,
        leading=13,
        spaceAfter=14,
    ),
    "h1": ParagraphStyle(
        "Heading1",
        fontName="Helvetica-Bold",
        fontSize=13,
        leading=16,
        spaceBefore=10,
        spaceAfter=6,
        textColor=colors.HexColor("#8a1c12"),
    ),
    "summary": ParagraphStyle(
        "Summary",
        parent=BODY,
        backColor=colors.HexColor("#f6ece9"),
        borderPadding=8,
        spaceBefore=4,
        spaceAfter=14,
    ),
    "body": BODY,
    "bullet": ParagraphStyle("Bullet", parent=BODY, spaceAfter=4),
    "caption": ParagraphStyle(
        "Caption",
        fontName="Helvetica-Bold",
        fontSize=9.5,
        leading=12,
        spaceAfter=4,
    ),
    "source": ParagraphStyle(
        "Source",
        fontName="Helvetica-Oblique",
        fontSize=8.5,
        leading=11,
        spaceBefore=3,
        spaceAfter=10,
    ),
    "footnote": ParagraphStyle("Footnote", fontName="Helvetica", fontSize=8.5, leading=11),
}


def _table() -> list[object]:
    table = Table(TABLE_ROWS, colWidths=[45 * mm, 25 * mm, 25 * mm, 25 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9.5),
                ("FONT", (0, 1), (-1, -2), "Helvetica", 9.5),
                ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9.5),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8d3cf")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [
        KeepTogether(
            [
                Paragraph(TABLE_CAPTION, STYLES["caption"]),
                table,
                Paragraph(TABLE_SOURCE, STYLES["source"]),
            ]
        )
    ]


def _story() -> list[object]:
    story: list[object] = [
        Paragraph(TITLE, STYLES["title"]),
        Paragraph(PUBLISHED, STYLES["published"]),
        Paragraph(AUTHORS, STYLES["authors"]),
        NextPageTemplate("later"),
        Paragraph("Executive summary", STYLES["h1"]),
        Paragraph(SUMMARY, STYLES["summary"]),
    ]
    for heading, blocks in SECTIONS:
        story.append(Paragraph(heading, STYLES["h1"]))
        for block in blocks:
            if block == "TABLE":
                story.extend(_table())
            elif isinstance(block, list):
                items = [
                    ListItem(Paragraph(item, STYLES["bullet"]), leftIndent=14) for item in block
                ]
                story.append(
                    ListFlowable(
                        items, bulletType="bullet", start="•", leftIndent=14, bulletFontSize=10
                    )
                )
                story.append(Spacer(1, 4))
            else:
                story.append(Paragraph(str(block), STYLES["body"]))
    return story


class _Brief(BaseDocTemplate):
    def __init__(self, target: str, total_pages: int) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=TITLE,
            author=AUTHORS,
            subject=f"{SERIES}. {PUBLISHED}",
            creator="Port Ellery City Council, Office of Climate and Health",
            invariant=1,
        )
        self.total_pages = total_pages
        width = PAGE_W - 2 * MARGIN
        height = PAGE_H - 2 * MARGIN
        first = Frame(MARGIN, MARGIN + FOOTNOTE_SPACE, width, height - FOOTNOTE_SPACE, id="first")
        later = Frame(MARGIN, MARGIN, width, height - 6 * mm, id="later")
        self.addPageTemplates(
            [
                PageTemplate("first", [first], onPageEnd=self._first_page_end),
                PageTemplate("later", [later], onPage=self._header, onPageEnd=self._footer),
            ]
        )

    def _header(self, canvas, doc) -> None:  # drawn before the page's body
        canvas.saveState()
        canvas.setFont("Helvetica", 8.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        y = PAGE_H - MARGIN + 2 * mm
        canvas.drawString(MARGIN, y, RUNNING_HEADER)
        canvas.drawRightString(PAGE_W - MARGIN, y, SERIES)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, y - 2 * mm, PAGE_W - MARGIN, y - 2 * mm)
        canvas.restoreState()

    def _footer(self, canvas, doc) -> None:  # drawn after the page's body
        canvas.saveState()
        canvas.setFont("Helvetica", 8.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        y = MARGIN - 10 * mm
        canvas.drawString(MARGIN, y, RUNNING_TITLE)
        canvas.drawRightString(PAGE_W - MARGIN, y, f"Page {doc.page} of {self.total_pages}")
        canvas.restoreState()

    def _first_page_end(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setLineWidth(0.4)
        top = MARGIN + FOOTNOTE_SPACE - 3 * mm
        canvas.line(MARGIN, top, MARGIN + 50 * mm, top)
        note = Paragraph(FOOTNOTE, STYLES["footnote"])
        _, h = note.wrap(PAGE_W - 2 * MARGIN, FOOTNOTE_SPACE)
        note.drawOn(canvas, MARGIN, top - 2 * mm - h)
        canvas.restoreState()
        self._footer(canvas, doc)


def build(path: Path = OUT) -> int:
    """Typeset twice: the first run counts the pages for the "Page N of M" footer."""
    probe = _Brief(str(path), total_pages=0)
    probe.build(_story())
    pages = probe.page
    _Brief(str(path), total_pages=pages).build(_story())
    return pages


if __name__ == "__main__":
    count = build()
    print(f"wrote {OUT} ({count} pages, {OUT.stat().st_size} bytes)")
