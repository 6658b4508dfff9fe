// Draws the charts of a page with Chart.js. The data comes from the server in
// <script type="application/json" id="..."> elements (Django's json_script), named by the
// canvas's data-chart attribute: no inline script, so the Content Security Policy can forbid it.
(function () {
  "use strict";

  const root = document.documentElement;
  const rtl = root.dir === "rtl";
  // Arabic pages write Western digits (as the reports do), with Arabic separators.
  const locale = (root.lang || "vi").startsWith("ar") ? "ar-u-nu-latn" : root.lang || "vi";
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });

  function draw(canvas) {
    if (canvas.dataset.drawn || typeof window.Chart === "undefined") return;
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const spec = JSON.parse(source.textContent);
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        locale: locale,
        animation: false,
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom", rtl: rtl },
          tooltip: {
            rtl: rtl,
            callbacks: {
              label: (context) => `${context.dataset.label}: ${numbers.format(context.parsed.y)}`,
            },
          },
        },
        scales: {
          x: { stacked: Boolean(spec.stacked), reverse: rtl },
          y: {
            stacked: Boolean(spec.stacked),
            beginAtZero: spec.type === "bar",
            position: rtl ? "right" : "left",
            ticks: { callback: (value) => (spec.money ? compact : numbers).format(value) },
          },
        },
      },
    });
  }

  function drawAll(scope) {
    scope.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  drawAll(document);
  document.body.addEventListener("htmx:afterSettle", (event) => drawAll(event.target));
})();
