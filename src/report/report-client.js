// Runs in the browser, inside the report file: draws every <canvas data-chart> from the
// embedded report data with Chart.js (bundled into the same file). No network access.
(function drawReport() {
  'use strict';
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const subjects = data.subjects;
  const COLORS = ['#1f5fa8', '#c2571a', '#2e8540', '#7a3e9d', '#b8860b', '#008b8b', '#c71585', '#555555'];
  const WARMUP = '#9ca3af';
  const IN_SAMPLE = '#9a9a9a';
  Chart.defaults.animation = false;
  Chart.defaults.font.size = 11;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.elements.point.radius = 0;
  Chart.defaults.elements.line.borderWidth = 1.5;

  const pct = (digits) => (v) => `${(v * 100).toFixed(digits)}%`;
  const fmt = (digits) => (v) => Number(v).toFixed(digits);

  /** Every subject's dates, merged and sorted, so two subjects share one time axis. */
  const allDates = Array.from(new Set(subjects.flatMap((s) => s.dates))).sort();
  const dateIndex = new Map(allDates.map((d, i) => [d, i]));

  function onAxis(dates, values) {
    const out = new Array(allDates.length).fill(null);
    dates.forEach((d, i) => {
      out[dateIndex.get(d)] = values[i];
    });
    return out;
  }

  function timeOptions(yFormat, title) {
    return {
      interaction: { mode: 'index', intersect: false },
      plugins: { title: { display: title !== undefined, text: title }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.y === null ? 'n/a' : yFormat(c.parsed.y)}` } } },
      scales: {
        x: { ticks: { maxTicksLimit: 10, autoSkip: true, maxRotation: 0 } },
        y: { ticks: { callback: yFormat } },
      },
    };
  }

  function line(label, values, color, extra) {
    return Object.assign({ type: 'line', label, data: values, borderColor: color, backgroundColor: color, spanGaps: false }, extra || {});
  }

  /** Charts with one line (or a pair) per subject on the shared time axis. */
  const overlay = {
    equity() {
      const datasets = subjects.flatMap((s, k) => {
        const equity = onAxis(s.dates, s.equity);
        const flags = onAxis(s.dates, s.inSample);
        // Each part keeps its neighbour's first point so the curve is unbroken where the sample changes.
        const part = (inSample) => equity.map((v, i) => (flags[i] === inSample || flags[i - 1] === inSample || flags[i + 1] === inSample) && flags[i] !== null ? v : null);
        const hasIn = s.inSample.some(Boolean);
        const out = line(`${s.id} out of sample`, part(false), COLORS[k % COLORS.length]);
        const curves = hasIn ? [line(`${s.id} in sample`, part(true), IN_SAMPLE, { borderDash: [4, 3] }), out] : [out];
        // The warm-up before the first position is shaded: it is not in the statistics.
        const warm = onAxis(s.dates, s.warmup);
        if (!s.warmup.some(Boolean)) return curves;
        return [line(`${s.id} warm-up (not in the statistics)`, equity.map((v, i) => (warm[i] === true || warm[i - 1] === true ? v : null)), WARMUP, { fill: 'origin', backgroundColor: `${WARMUP}40`, pointRadius: 0 }), ...curves];
      });
      return { type: 'line', data: { labels: allDates, datasets }, options: Object.assign(timeOptions(fmt(2)), {}) };
    },
    drawdown() {
      const datasets = subjects.map((s, k) => line(s.id, onAxis(s.dates, s.drawdown), COLORS[k % COLORS.length], { fill: 'origin', backgroundColor: `${COLORS[k % COLORS.length]}33` }));
      return { type: 'line', data: { labels: allDates, datasets }, options: timeOptions(pct(1)) };
    },
    'rolling-sharpe'() {
      const datasets = subjects.map((s, k) => line(`${s.id} (${s.rollingWindowBars} bars)`, onAxis(s.dates, s.rollingSharpe), COLORS[k % COLORS.length]));
      return { type: 'line', data: { labels: allDates, datasets }, options: timeOptions(fmt(2)) };
    },
    'rolling-volatility'() {
      const datasets = subjects.map((s, k) => line(`${s.id} (${s.rollingWindowBars} bars)`, onAxis(s.dates, s.rollingVolatility), COLORS[k % COLORS.length]));
      return { type: 'line', data: { labels: allDates, datasets }, options: timeOptions(pct(0)) };
    },
  };

  function factorLines(panel, format) {
    const datasets = panel.factors.map((f, k) => line(f, panel.values[k], COLORS[k % COLORS.length]));
    const options = timeOptions(format);
    options.scales.x.ticks.maxTicksLimit = 6;
    return { type: 'line', data: { labels: panel.dates, datasets }, options };
  }

  /** Charts of one subject each. */
  const single = {
    turnover(s) {
      const options = timeOptions(pct(0));
      options.scales.x.ticks.maxTicksLimit = 6;
      options.scales.cost = { position: 'right', grid: { drawOnChartArea: false }, ticks: { callback: pct(1) } };
      return {
        type: 'bar',
        data: {
          labels: s.turnover.dates,
          datasets: [
            { type: 'bar', label: 'turnover', data: s.turnover.turnover, backgroundColor: COLORS[0], barPercentage: 1, categoryPercentage: 1 },
            line('cumulative cost', s.turnover.cumulativeCost, COLORS[1], { yAxisID: 'cost' }),
          ],
        },
        options,
      };
    },
    exposures(s) {
      return factorLines(s.exposures, fmt(3));
    },
    attribution(s) {
      return factorLines(s.attribution, pct(0));
    },
    trials(s) {
      const point = (t) => ({ x: t.inSampleSharpe, y: t.outOfSampleSharpe, trial: t.trial, fold: t.fold, params: t.params });
      const valid = s.trials.filter((t) => t.inSampleSharpe !== null && t.outOfSampleSharpe !== null);
      const xs = valid.flatMap((t) => [t.inSampleSharpe, t.outOfSampleSharpe]);
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      return {
        type: 'scatter',
        data: {
          datasets: [
            { label: 'trial × fold', data: valid.filter((t) => !t.selected).map(point), backgroundColor: '#8a9bb088', pointRadius: 3 },
            { label: 'selected in sample', data: valid.filter((t) => t.selected).map(point), backgroundColor: COLORS[1], pointRadius: 5, pointStyle: 'rectRot' },
            { type: 'line', label: 'out = in', data: [{ x: lo, y: lo }, { x: hi, y: hi }], borderColor: '#999', borderDash: [3, 3], pointRadius: 0 },
          ],
        },
        options: {
          plugins: { tooltip: { callbacks: { label: (c) => (c.raw.params === undefined ? '' : `fold ${c.raw.fold + 1}, ${c.raw.params}: in ${fmt(2)(c.raw.x)}, out ${fmt(2)(c.raw.y)}`) } } },
          scales: { x: { title: { display: true, text: 'in-sample Sharpe' } }, y: { title: { display: true, text: 'out-of-sample Sharpe' } } },
        },
      };
    },
    pbo(s) {
      return {
        type: 'bar',
        data: {
          labels: s.pbo.bins.map((b) => `${fmt(1)(b.from)}..${fmt(1)(b.to)}`),
          datasets: [{ label: 'CSCV splits', data: s.pbo.bins.map((b) => b.count), backgroundColor: s.pbo.bins.map((b) => (b.to <= 0 ? COLORS[1] : COLORS[0])), barPercentage: 1, categoryPercentage: 0.95 }],
        },
        options: { scales: { x: { title: { display: true, text: 'logit of the selected trial\'s out-of-sample rank (≤ 0: overfit)' } }, y: { title: { display: true, text: 'splits' } } } },
      };
    },
    stress(s) {
      return {
        type: 'bar',
        data: {
          labels: s.stress.map((x) => `${x.group}: ${x.name}`),
          datasets: [{ label: 'return', data: s.stress.map((x) => x.value), backgroundColor: s.stress.map((x) => (x.value < 0 ? '#b8342a' : '#2e8540')) }],
        },
        options: {
          indexAxis: 'y',
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => pct(2)(c.parsed.x) } } },
          scales: { x: { ticks: { callback: pct(0) } }, y: { ticks: { autoSkip: false, font: { size: 10 } } } },
        },
      };
    },
  };

  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    const kind = canvas.dataset.chart;
    const config = kind in overlay ? overlay[kind]() : single[kind](subjects[Number(canvas.dataset.subject)]);
    new Chart(canvas, config);
  }
  document.body.dataset.rendered = 'true';
})();
