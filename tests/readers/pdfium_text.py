"""Prints the text pdfium (Chrome's and Edge's viewer) extracts from each PDF named on the
command line: a form feed after each page and a file separator (U+001C) after each file."""
import sys

import pypdfium2 as pdfium

for path in sys.argv[1:]:
    pdf = pdfium.PdfDocument(path)
    for page in pdf:
        text = page.get_textpage().get_text_range()
        sys.stdout.write(text.replace("\r\n", "\n") + "\f")
    sys.stdout.write("\x1c")
