// Evaluated inside the report page by report-browser.test.ts: for every chart canvas, whether
// Chart.js owns it, how many elements it laid out at finite positions, and how many pixels are inked.
Array.from(document.querySelectorAll('canvas[data-chart]'), (canvas) => {
  const chart = window.Chart.getChart(canvas);
  let marks = 0;
  if (chart !== undefined) {
    chart.data.datasets.forEach((_, i) => {
      marks += chart.getDatasetMeta(i).data.filter((e) => e.skip !== true && Number.isFinite(e.x) && Number.isFinite(e.y)).length;
    });
  }
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let inkedPixels = 0;
  for (let p = 3; p < pixels.length; p += 4) if (pixels[p] > 0) inkedPixels++;
  return { kind: canvas.dataset.chart, subject: canvas.dataset.subject, hasChart: chart !== undefined, marks, inkedPixels };
});
