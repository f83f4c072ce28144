"""Write press-release-recall.docx next to this script: an invented corporate press release.

Korvane Home Appliances B.V. (invented, Rotterdam) recalls three models of PrimaCook electric
pressure cooker. Everything in it (company, people, products, figures, phone numbers) is
invented. The shape is a real press release's: a Title, a subtitle, a dateline paragraph, quotes
from the chief executive and a regulator official, a Word table of the affected models, a
bulleted and a numbered list, an "About" paragraph and a media-contact block; "FOR IMMEDIATE
RELEASE" and the company line sit in the page header and footer, which the ingest does not read.

Deterministic: fixed core properties and fixed zip timestamps, so two runs give the same bytes.

Run: .venv/bin/python benchmarks/data/make_press_release.py
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

OUT = Path(__file__).resolve().parent / "press-release-recall.docx"

TITLE = "Korvane recalls 87,000 PrimaCook pressure cookers over lid-lock fault"
AUTHOR = "Sanne Kuipers"
CREATED = dt.datetime(2026, 3, 3, 7, 0, 0, tzinfo=dt.UTC)
ZIP_TIME = (2026, 3, 3, 7, 0, 0)

SUBTITLE = (
    "Lids on three electric pressure cooker models may open while the cooker is still under "
    "pressure; owners are offered a free replacement lid or a full refund"
)

BODY_BEFORE_TABLE = [
    "ROTTERDAM, 3 March 2026 — Korvane Home Appliances B.V., the Dutch maker of kitchen "
    "appliances, today announced a voluntary recall of 87,000 PrimaCook electric pressure "
    "cookers sold in the Netherlands, Belgium, Luxembourg and Germany, because the lid can be "
    "opened while the cooker is still under pressure, allowing hot food and steam to escape "
    "and cause serious burns.",
    "The recall covers three models, the PrimaCook PC-600, PC-800 and PC-600 Duo, sold between "
    "May 2024 and December 2025. A locking pin in the lid, made of a plastic that softens after "
    "repeated heating, can wear down and fail to hold the lid shut. Korvane has received 23 "
    "reports of lids opening during or just after cooking. Nine people have suffered burns, two "
    "of whom were treated in hospital. No deaths have been reported.",
    "The company received the first report on 14 January 2026, from a customer in Utrecht, and "
    "stopped selling the three models on 6 February 2026 after tests at its laboratory in "
    "Eindhoven reproduced the fault. The investigation traced it to locking pins produced by a "
    "single supplier between March 2024 and November 2025. Cookers made since December 2025 "
    "use a redesigned stainless-steel pin and are not affected.",
    "\u201cNobody should be hurt making dinner, and we are deeply sorry to the customers who "
    "were,\u201d said Marieke van Dongen, chief executive officer of Korvane. \u201cWe are "
    "contacting every owner we can reach, and we would rather replace a lid that might never "
    "fail than leave one in a kitchen where it could.\u201d",
    "Korvane expects the recall to cost about €11.5 million, which it will book in its results "
    "for the first quarter of 2026. About 62% of the affected cookers were sold in the "
    "Netherlands and 27% in Belgium. The company holds contact details for roughly 35,000 "
    "owners who registered their cooker or bought it online, and will write to them by email "
    "this week.",
    "The recall has been agreed with the Dutch Product Safety Inspectorate, which has also "
    "notified the European Commission\u2019s Safety Gate system so that authorities in other "
    "countries can warn consumers. \u201cA pressure cooker that opens under pressure is among "
    "the most dangerous faults we see in a kitchen appliance,\u201d said Dr. Pieter Hoekstra, "
    "director of consumer products at the inspectorate. \u201cKorvane reported the problem to "
    "us promptly, and we will check that the remedy reaches as many households as possible. "
    "Anyone with one of these cookers should stop using it today.\u201d",
]

TABLE_INTRO = (
    "The following models are affected. The serial number is printed on a silver label on the "
    "underside of the base."
)

TABLE = [
    ["Model", "Capacity", "Serial numbers", "Sold between", "Units sold"],
    ["PrimaCook PC-600", "6 litres", "24A10001 – 24A58900", "May 2024 – December 2025", "48,900"],
    ["PrimaCook PC-800", "8 litres", "24B20001 – 24B51200", "May 2024 – December 2025", "31,200"],
    [
        "PrimaCook PC-600 Duo",
        "6 litres, two inner pots",
        "25D30001 – 25D36900",
        "February 2025 – December 2025",
        "6,900",
    ],
    ["Total", "", "", "", "87,000"],
]

BULLETS_INTRO = "Owners of an affected cooker should:"
BULLETS = [
    "Stop using the cooker immediately, even if it appears to work normally.",
    "Check the serial number on the silver label under the base against the table above.",
    "Not try to repair the lid or remove the locking pin themselves.",
    "Keep the cooker, its lid and the inner pot until Korvane tells them how to return it.",
]

STEPS_INTRO = "To get a replacement lid or a refund:"
STEPS = [
    "Find the serial number on the label under the base.",
    "Enter it at korvane.nl/recall or call the free recall line on 0800 022 4455.",
    "Choose a free replacement lid or a full refund of the purchase price.",
    "For a replacement, a courier delivers the new lid and collects the old one; for a refund, "
    "Korvane emails a prepaid label to send back the whole cooker.",
    "Refunds are paid within 14 days of Korvane receiving the cooker.",
]

BODY_AFTER_LISTS = [
    "Replacement lids will be shipped from 16 March 2026 and should arrive within 10 working "
    "days. Customers who choose the replacement lid will also receive a €20 voucher for the "
    "Korvane online shop. The recall line is open from 8:00 to 20:00, seven days a week, and "
    "the retailers Van Berkel Wonen and TechnoMarkt Benelux will also accept returns in store.",
    "\u201cWe test every cooker at one and a half times its working pressure before it leaves "
    "the factory, but that test could not show how the pin would behave after hundreds of "
    "meals,\u201d said Anand Raghunathan, Korvane\u2019s head of quality. \u201cWe have changed "
    "the material and added a test that heats and cools every new lid design 2,000 "
    "times.\u201d",
]

ABOUT = (
    "Korvane Home Appliances B.V. was founded in Rotterdam in 1987 and makes pressure cookers, "
    "kettles, blenders and food processors. The company employs 1,450 people, runs a factory "
    "in Tilburg and sells its products in 22 countries. In 2025 it reported revenue of "
    "€412 million."
)

CONTACT_LINES = [
    "Media contact",
    "Sanne Kuipers, Head of Communications, Korvane Home Appliances B.V.",
    "Phone: +31 10 555 0147",
    "Email: press@korvane.nl",
]


def build() -> docx.document.Document:
    document = docx.Document()
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = "FOR IMMEDIATE RELEASE"
    header.runs[0].bold = True
    footer = section.footer.paragraphs[0]
    footer.text = "Korvane Home Appliances B.V. · Rotterdam, the Netherlands · korvane.nl"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading(TITLE, level=0)
    document.add_paragraph(SUBTITLE, style="Subtitle")
    for text in BODY_BEFORE_TABLE:
        document.add_paragraph(text)

    document.add_heading("Affected models", level=2)
    document.add_paragraph(TABLE_INTRO)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    table.style = "Table Grid"
    for row, values in zip(table.rows, TABLE, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for cell in table.rows[0].cells + table.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True

    document.add_heading("What customers should do", level=2)
    document.add_paragraph(BULLETS_INTRO)
    for text in BULLETS:
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph(STEPS_INTRO)
    for text in STEPS:
        document.add_paragraph(text, style="List Number")
    for text in BODY_AFTER_LISTS:
        document.add_paragraph(text)

    document.add_heading("About Korvane", level=2)
    document.add_paragraph(ABOUT)

    contact = document.add_paragraph()
    contact.add_run(CONTACT_LINES[0]).bold = True
    for line in CONTACT_LINES[1:]:
        run = contact.add_run()
        run.add_break()
        run.add_text(line)
    end = document.add_paragraph("###")
    end.alignment = WD_ALIGN_PARAGRAPH.CENTER

    props = document.core_properties
    props.title = TITLE
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.subject = "Voluntary recall of PrimaCook PC-600, PC-800 and PC-600 Duo pressure cookers"
    props.keywords = "recall; pressure cooker; PrimaCook; Korvane"
    props.comments = ""
    props.category = "Press release"
    props.created = CREATED
    props.modified = CREATED
    props.last_printed = CREATED
    props.revision = 1
    return document


def stable_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps (python-docx stamps each part with the time now)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main() -> None:
    buffer = io.BytesIO()
    build().save(buffer)
    OUT.write_bytes(stable_zip(buffer.getvalue()))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
