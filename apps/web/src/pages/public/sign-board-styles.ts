/**
 * The 公示牌's layout, on screen an A4 sheet and in print the page itself. Rendered in a <style>
 * only while the sign board is open, so its @page rule never reaches other pages' printing.
 */
export const SIGN_BOARD_CSS = `
.sign-board-page { min-height: 100vh; background: #e8e8e8; padding: 16px; box-sizing: border-box; }
.sign-board-toolbar { max-width: 210mm; margin: 0 auto 12px; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.sign-board-sheet {
  width: 210mm; min-height: 297mm; margin: 0 auto; box-sizing: border-box; padding: 12mm 14mm;
  background: #fff; box-shadow: 0 2px 12px rgba(0,0,0,.15); color: #1f1f1f;
  display: flex; flex-direction: column; gap: 6mm;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.sign-board-head { background: #c8161d; color: #fff; border-radius: 4px; padding: 6mm 8mm; text-align: center; }
.sign-board-kicker { font-size: 14pt; letter-spacing: 6px; opacity: .92; }
.sign-board-name { font-size: 28pt; font-weight: 700; line-height: 1.25; margin: 2mm 0; word-break: break-all; }
.sign-board-code { font-size: 11pt; opacity: .92; letter-spacing: 1px; }
.sign-board-section h2 { font-size: 14pt; margin: 0 0 2.5mm; padding-left: 3mm; border-left: 4px solid #c8161d; line-height: 1.2; }
.sign-board-table { width: 100%; border-collapse: collapse; font-size: 12pt; }
.sign-board-table th, .sign-board-table td { border: 1px solid #bfbfbf; padding: 2mm 3mm; text-align: left; vertical-align: top; }
.sign-board-table th { background: #fafafa; font-weight: 600; white-space: nowrap; }
.sign-board-phone { font-variant-numeric: tabular-nums; white-space: nowrap; }
.sign-board-qr-row { display: flex; gap: 8mm; align-items: center; border: 2px dashed #c8161d; border-radius: 6px; padding: 5mm; }
.sign-board-qr { width: 60mm; height: 60mm; flex: none; }
.sign-board-qr svg { width: 100%; height: 100%; display: block; }
.sign-board-qr-caption { font-size: 26pt; font-weight: 700; color: #c8161d; letter-spacing: 4px; }
.sign-board-qr-text { font-size: 12pt; line-height: 1.6; margin: 2mm 0; }
.sign-board-url { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 10.5pt; word-break: break-all; color: #434343; }
.sign-board-foot { margin-top: auto; text-align: center; font-size: 11pt; color: #595959; border-top: 1px solid #d9d9d9; padding-top: 3mm; }
@media screen and (max-width: 840px) {
  .sign-board-page { padding: 8px; }
  .sign-board-sheet { width: 100%; min-height: 0; padding: 16px; gap: 16px; }
  .sign-board-qr-row { flex-direction: column; text-align: center; }
  .sign-board-qr { width: 200px; height: 200px; }
}
@media print {
  @page { size: A4 portrait; margin: 8mm; }
  .sign-board-page { background: #fff; padding: 0; min-height: 0; }
  .sign-board-sheet { width: auto; min-height: 277mm; box-shadow: none; padding: 2mm 4mm; gap: 4.5mm; }
  .sign-board-head { padding: 4mm 6mm; }
  .sign-board-table th, .sign-board-table td { padding: 1.6mm 3mm; }
  .sign-board-qr-row { padding: 4mm; }
  .sign-board-qr { width: 52mm; height: 52mm; }
}
`;
