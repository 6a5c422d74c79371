// Runs in the browser, inlined into index.html after chart.js: reads the chart specs from the JSON data
// block and draws them. Plain JavaScript on purpose: it is embedded as text, never compiled or bundled.
// The plugins draw what chart.js has no option for: min–max whiskers, labels at the end of bars, striped
// bars for figures that are only a lower bound (client-bound), and reference lines.
(() => {
  const Chart = window.Chart;
  const report = JSON.parse(document.getElementById('report-data').textContent);
  const style = getComputedStyle(document.documentElement);
  const cssVar = (name) => style.getPropertyValue(name).trim();
  const ink = cssVar('--text');
  const family = style.fontFamily;

  // Colours follow the page's light or dark scheme (prefers-color-scheme sets the CSS variables).
  Chart.defaults.color = cssVar('--muted');
  Chart.defaults.borderColor = cssVar('--grid');
  Chart.defaults.font.family = family;
  // No animation: the page is a document, and the test reads the pixels as soon as the charts exist.
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  // A dataset that only guides the eye (a linear-scaling line) stays out of the legend.
  Chart.defaults.plugins.legend.labels.filter = (item, data) =>
    !data.datasets[item.datasetIndex]?.legendHidden;
  Chart.defaults.plugins.tooltip.callbacks.afterLabel = (item) => item.dataset.notes?.[item.dataIndex] ?? '';

  const horizontal = (chart) => chart.options.indexAxis === 'y';
  const valueScale = (chart, meta) =>
    horizontal(chart) ? chart.scales[meta.xAxisID] : chart.scales[meta.yAxisID];
  const visibleDatasets = (chart, field) =>
    chart.data.datasets
      .map((dataset, index) => ({ dataset, meta: chart.getDatasetMeta(index) }))
      .filter(({ dataset, meta }) => dataset[field] && !meta.hidden && chart.isDatasetVisible(meta.index));

  const whiskers = {
    id: 'whiskers',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = ink;
      ctx.lineWidth = 1.5;
      for (const { dataset, meta } of visibleDatasets(chart, 'whiskers')) {
        const scale = valueScale(chart, meta);
        meta.data.forEach((bar, i) => {
          const range = dataset.whiskers[i];
          if (!range) return;
          const from = scale.getPixelForValue(range[0]);
          const to = scale.getPixelForValue(range[1]);
          const h = horizontal(chart);
          const center = h ? bar.y : bar.x;
          const cap = Math.min(6, (h ? bar.height : bar.width) / 4);
          ctx.beginPath();
          for (const [x1, y1, x2, y2] of [
            [from, center, to, center],
            [from, center - cap, from, center + cap],
            [to, center - cap, to, center + cap],
          ]) {
            if (h) {
              ctx.moveTo(x1, y1);
              ctx.lineTo(x2, y2);
            } else {
              ctx.moveTo(y1, x1);
              ctx.lineTo(y2, x2);
            }
          }
          ctx.stroke();
        });
      }
      ctx.restore();
    },
  };

  const valueLabels = {
    id: 'valueLabels',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = ink;
      ctx.font = `12px ${family}`;
      for (const { dataset, meta } of visibleDatasets(chart, 'valueLabels')) {
        const scale = valueScale(chart, meta);
        meta.data.forEach((bar, i) => {
          const label = dataset.valueLabels[i];
          if (!label) return;
          const negative = (dataset.data[i] ?? 0) < 0;
          const range = dataset.whiskers?.[i];
          if (horizontal(chart)) {
            // Past the end of the bar, or of its whisker when that reaches further.
            let end = bar.x;
            if (range)
              end = negative
                ? Math.min(end, scale.getPixelForValue(range[0]))
                : Math.max(end, scale.getPixelForValue(range[1]));
            ctx.textAlign = negative ? 'right' : 'left';
            ctx.textBaseline = 'middle';
            ctx.fillText(label, end + (negative ? -6 : 6), bar.y);
          } else {
            const top = range ? Math.min(bar.y, scale.getPixelForValue(range[1])) : bar.y;
            ctx.textAlign = 'center';
            ctx.textBaseline = 'bottom';
            ctx.fillText(label, bar.x, top - 4);
          }
        });
      }
      ctx.restore();
    },
  };

  // Reference lines (the first dataset's referenceLines: [{ value, label, color }]; a dataset keeps its
  // own fields as given, where chart.js would wrap an array in options): a dashed line across the chart
  // at a reference's figure, nginx's or the lesson's server's, with its name.
  const referenceLines = {
    id: 'referenceLines',
    afterDatasetsDraw(chart) {
      const lines = chart.data.datasets[0]?.referenceLines;
      if (!Array.isArray(lines) || lines.length === 0) return;
      const ctx = chart.ctx;
      const area = chart.chartArea;
      const h = horizontal(chart);
      const scale = h ? chart.scales.x : chart.scales.y;
      ctx.save();
      ctx.font = `12px ${family}`;
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 2;
      lines.forEach((line, i) => {
        const at = scale.getPixelForValue(line.value);
        ctx.strokeStyle = line.color;
        ctx.fillStyle = line.color;
        ctx.beginPath();
        if (h) {
          ctx.moveTo(at, area.top);
          ctx.lineTo(at, area.bottom);
        } else {
          ctx.moveTo(area.left, at);
          ctx.lineTo(area.right, at);
        }
        ctx.stroke();
        // Above the plot area (the chart keeps room there), so the names never cover a bar's label.
        ctx.textAlign = h ? 'left' : 'right';
        ctx.textBaseline = 'bottom';
        if (h) ctx.fillText(line.label, at + 4, area.top - 2 - i * 14);
        else ctx.fillText(line.label, area.right - 2, at - 2);
      });
      ctx.restore();
    },
  };

  /** Diagonal stripes of the bar's colour: "at least this much", visibly different from a measured bar. */
  function stripes(color) {
    const tile = document.createElement('canvas');
    tile.width = 8;
    tile.height = 8;
    const g = tile.getContext('2d');
    g.globalAlpha = 0.3;
    g.fillStyle = color;
    g.fillRect(0, 0, 8, 8);
    g.globalAlpha = 1;
    g.strokeStyle = color;
    g.lineWidth = 2.5;
    g.beginPath();
    for (const [x1, y1, x2, y2] of [
      [-2, 10, 10, -2],
      [-2, 2, 2, -2],
      [6, 10, 10, 6],
    ]) {
      g.moveTo(x1, y1);
      g.lineTo(x2, y2);
    }
    g.stroke();
    return g.createPattern(tile, 'repeat');
  }

  function applyHatching(dataset) {
    if (!dataset.hatched) return;
    const colors = Array.isArray(dataset.backgroundColor)
      ? dataset.backgroundColor
      : dataset.data.map(() => dataset.backgroundColor);
    dataset.borderColor = colors;
    dataset.borderWidth = dataset.hatched.map((h) => (h ? 1.5 : 0));
    dataset.backgroundColor = colors.map((color, i) => (dataset.hatched[i] ? stripes(color) : color));
  }

  Chart.register(whiskers, valueLabels, referenceLines);
  let drawn = 0;
  for (const spec of report.charts) {
    const canvas = document.getElementById(spec.id);
    if (!canvas) continue;
    for (const dataset of spec.data.datasets) applyHatching(dataset);
    new Chart(canvas, { type: spec.type, data: spec.data, options: spec.options });
    drawn++;
  }
  // The full tables start open so the page reads without JavaScript; with the charts drawn, fold them.
  for (const details of document.querySelectorAll('details[data-fold]')) details.open = false;
  // A printed page has no one to click a fold open.
  window.addEventListener('beforeprint', () => {
    for (const details of document.querySelectorAll('details[data-fold]')) details.open = true;
  });
  // Lets a test (or a curious reader) know the drawing is done.
  document.documentElement.dataset.chartsDrawn = String(drawn);
})();
