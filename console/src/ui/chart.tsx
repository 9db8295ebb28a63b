// A stacked bar chart over time in plain SVG (a chart library would cost more of the 60 KiB budget than the whole
// console's pages): one bar per day, one colour per series. The same numbers are in a table beside it, which is what
// screen readers and keyboard users read; the SVG is a picture of that table.
export interface Series {
  name: string;
  values: number[];
}

// A narrow drawing, so its labels stay readable when a phone scales it down.
const W = 480;
const H = 200;
const PAD = { left: 34, right: 8, top: 8, bottom: 22 };

export function StackedBars({ id, title, labels, series }: { id: string; title: string; labels: string[]; series: Series[] }) {
  const totals = labels.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const band = plotW / Math.max(1, labels.length);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const sum = totals.reduce((a, b) => a + b, 0);
  const ticks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
  return (
    <section class="card chart wide-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${sum} in all; the table below lists each day.`} focusable="false">
        {ticks.map((t) => (
          <g key={t}>
            <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 4} y={y(t) + 4} text-anchor="end">
              {t}
            </text>
          </g>
        ))}
        {labels.map((label, i) => {
          let base = 0;
          const x = PAD.left + i * band + band * 0.15;
          return (
            <g key={label}>
              {series.map((s, k) => {
                const v = s.values[i] ?? 0;
                if (!v) return null;
                const rect = <rect key={s.name} class={`series-${k % 5}`} x={x} width={band * 0.7} y={y(base + v)} height={y(base) - y(base + v)} />;
                base += v;
                return rect;
              })}
              {/* Every few days, counted back from the last, so the newest day always has its label. */}
              {(labels.length - 1 - i) % Math.ceil(labels.length / 5) === 0 && (
                <text x={x + band * 0.35} y={H - 6} text-anchor="middle">
                  {label.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul class="chart-legend" aria-hidden="true">
        {series.map((s, k) => (
          <li key={s.name}>
            <span class={`swatch series-${k % 5}`} />
            {s.name}
          </li>
        ))}
      </ul>
      <details>
        <summary>Data table: {title.toLowerCase()}</summary>
        <div class="table-wrap" role="region" aria-label={`${title} (table)`} tabIndex={0}>
          <table>
            <caption class="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                {series.map((s) => (
                  <th scope="col" key={s.name}>
                    {s.name}
                  </th>
                ))}
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {labels.map((label, i) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {series.map((s) => (
                    <td key={s.name}>{s.values[i] ?? 0}</td>
                  ))}
                  <td>{totals[i]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** 1, 2 or 5 times a power of ten, so the axis has at most five lines. */
function niceStep(max: number): number {
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return Math.max(1, m * pow);
  return pow * 10;
}
