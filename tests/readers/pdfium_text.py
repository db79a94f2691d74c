"""Prints the text pdfium (Chrome's and Edge's viewer) extracts from each PDF named on the
command line, a form feed between pages."""
import sys

import pypdfium2 as pdfium

for path in sys.argv[1:]:
    pdf = pdfium.PdfDocument(path)
    for page in pdf:
        text = page.get_textpage().get_text_range()
        sys.stdout.write(text.replace("\r\n", "\n") + "\f")
