/** The style of run and sweep reports (inline: a report is one self-contained file). */
export const REPORT_STYLE = `
body { font-family: system-ui, sans-serif; margin: 24px auto; max-width: 1180px; color: #222; }
h1 { margin-bottom: 4px; } h2 { margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.muted { color: #777; } .charts, .grids { display: flex; flex-wrap: wrap; gap: 12px; }
.charts svg { border: 1px solid #eee; border-radius: 4px; }
figure { margin: 0; text-align: center; font-size: 12px; color: #555; }
h3 { margin: 16px 0 6px; font-size: 14px; }
figure img { image-rendering: pixelated; width: 180px; border: 1px solid #ccc; }
.graph { overflow-x: auto; } table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } pre { background: #f6f6f6; padding: 12px; overflow-x: auto; font-size: 12px; }`;
