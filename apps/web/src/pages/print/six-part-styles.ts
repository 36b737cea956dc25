/**
 * The printed 六联单: on screen A4 sheets on a grey desk, in print one sheet per page. Rendered
 * in a <style> only while the print page is open, so its @page rule reaches no other page.
 */
export const SIX_PART_CSS = `
.six-part-page { min-height: 100vh; background: #e8e8e8; padding: 16px; box-sizing: border-box; }
.six-part-toolbar { max-width: 210mm; margin: 0 auto 12px; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.six-part-sheet {
  width: 210mm; height: 297mm; margin: 0 auto 16px; box-sizing: border-box; padding: 10mm 12mm;
  background: #fff; box-shadow: 0 2px 12px rgba(0,0,0,.15); color: #1f1f1f; overflow: hidden;
  display: flex; flex-direction: column; gap: 3mm; font-size: 10pt; line-height: 1.45;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.six-part-head { display: flex; gap: 6mm; align-items: flex-start; border-bottom: 2px solid #c8161d; padding-bottom: 3mm; }
.six-part-head h1 { font-size: 18pt; margin: 0 0 1mm; color: #c8161d; letter-spacing: 2px; }
.six-part-number { font-size: 12pt; font-weight: 600; font-variant-numeric: tabular-nums; }
.six-part-qr { margin-left: auto; text-align: center; font-size: 8pt; color: #595959; flex: none; width: 28mm; }
.six-part-qr img { width: 28mm; height: 28mm; display: block; }
.six-part-info { width: 100%; border-collapse: collapse; table-layout: fixed; }
.six-part-info th, .six-part-info td { border: 1px solid #bfbfbf; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
.six-part-info th { background: #fafafa; font-weight: 600; width: 20mm; white-space: nowrap; }
.six-part-description { display: -webkit-box; -webkit-line-clamp: 4; -webkit-box-orient: vertical; overflow: hidden; white-space: pre-wrap; word-break: break-all; }
.six-part-grid { flex: 1; display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: repeat(3, 1fr); gap: 2.5mm; min-height: 0; }
.six-part { border: 1px solid #8c8c8c; border-radius: 2px; padding: 2mm 3mm; display: flex; flex-direction: column; gap: 1mm; min-height: 0; overflow: hidden; }
.six-part h2 { font-size: 11pt; margin: 0 0 1mm; display: flex; justify-content: space-between; }
.six-part h2 small { font-weight: 400; color: #595959; font-size: 8.5pt; }
.six-part dl { margin: 0; display: grid; grid-template-columns: 16mm 1fr; gap: 0.6mm 2mm; }
.six-part dt { color: #595959; }
.six-part dd { margin: 0; word-break: break-all; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; }
.six-part-blank { flex: 1; display: flex; flex-direction: column; justify-content: space-evenly; }
.six-part-blank span { border-bottom: 1px solid #bfbfbf; height: 6mm; }
.six-part-sign { margin-top: auto; display: flex; gap: 4mm; padding-top: 1.5mm; border-top: 1px dashed #d9d9d9; }
.six-part-sign span { flex: 1; white-space: nowrap; }
.six-part-sign span::after { content: ''; display: inline-block; width: 60%; border-bottom: 1px solid #1f1f1f; margin-left: 1mm; vertical-align: bottom; }
.six-part-foot { font-size: 8pt; color: #595959; display: flex; justify-content: space-between; }
.six-part-error { max-width: 210mm; margin: 0 auto 12px; }
@media print {
  @page { size: A4 portrait; margin: 0; }
  .six-part-noprint { display: none !important; }
  .six-part-page { background: #fff; padding: 0; min-height: 0; }
  /* a hair under the page, so that rounding never spills a sheet onto a second page */
  .six-part-sheet { margin: 0; height: 296mm; box-shadow: none; break-after: page; page-break-after: always; }
  .six-part-sheet:last-of-type { break-after: auto; page-break-after: auto; }
}
`;
