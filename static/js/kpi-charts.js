// Draws the carer KPI charts. The figures come from a <script type="application/json"> block
// (Django's json_script), never from inline script, so the page keeps its strict CSP. Each
// <canvas data-kpi-chart data-source="<json id>" data-key="<key>" [data-index="<n>"]> names its data;
// the table beside every chart holds the same figures for people who would rather read.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") return;
  var palette = ["#1d70b8", "#f47738", "#00703c", "#d4351c", "#4c2c92", "#b58840", "#28a197", "#f499be"];

  function draw(canvas) {
    var block = document.getElementById(canvas.dataset.source);
    if (!block) return;
    var data = JSON.parse(block.textContent);
    var spec = canvas.dataset.key ? data[canvas.dataset.key] : data;
    if (spec && canvas.dataset.index !== undefined) spec = spec[Number(canvas.dataset.index)];
    if (!spec || !spec.labels || spec.labels.length === 0) return;
    var type = spec.type || "bar";
    new window.Chart(canvas, {
      type: type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (series, i) {
          return {
            label: series.label,
            data: series.data,
            backgroundColor: palette[i % palette.length],
            borderColor: palette[i % palette.length],
            spanGaps: true,
            fill: false,
          };
        }),
      },
      options: {
        responsive: true,
        animation: false,
        scales: { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  document.querySelectorAll("canvas[data-kpi-chart]").forEach(draw);
})();
