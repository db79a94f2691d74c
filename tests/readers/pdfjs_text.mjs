// Prints the text pdf.js (Firefox's viewer) extracts from each PDF named on the command line:
// items joined as the viewer's copy joins them, a form feed after each page and a file
// separator (U+001C) after each file, so one node process serves many files.
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

for (const path of process.argv.slice(2)) {
  const data = new Uint8Array(readFileSync(path));
  const doc = await getDocument({ data, verbosity: 0 }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    let text = "";
    for (const item of content.items) {
      if (!("str" in item)) continue;
      text += item.str;
      if (item.hasEOL) text += "\n";
    }
    pages.push(text);
  }
  process.stdout.write(pages.join("\f") + "\f\u001c");
}
