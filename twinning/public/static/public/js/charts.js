// Draws the public pages' charts with Chart.js. The figures come from the server in
// <script type="application/json"> elements (Django's json_script), named by each canvas's
// data-chart attribute: no inline script, so the Content Security Policy can forbid it.
(function () {
  "use strict";

  const root = document.documentElement;
  const rtl = root.dir === "rtl";
  // Arabic pages write Western digits, as the reports do, with Arabic separators.
  const lang = root.lang || "vi";
  const locale = lang.startsWith("ar") ? "ar-u-nu-latn" : lang;
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });

  function draw(canvas) {
    if (canvas.dataset.drawn || typeof window.Chart === "undefined") return;
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const spec = JSON.parse(source.textContent);
    const horizontal = spec.indexAxis === "y";
    const valueAxis = horizontal ? "x" : "y";
    const labelAxis = horizontal ? "y" : "x";
    const scales = {};
    scales[labelAxis] = {
      stacked: Boolean(spec.stacked),
      reverse: rtl && !horizontal,
      position: horizontal ? (rtl ? "right" : "left") : "bottom",
    };
    scales[valueAxis] = {
      stacked: Boolean(spec.stacked),
      beginAtZero: true,
      reverse: rtl && horizontal,
      position: horizontal ? "bottom" : rtl ? "right" : "left",
      ticks: { callback: (value) => (spec.money ? compact : numbers).format(value) },
    };
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        indexAxis: spec.indexAxis || "x",
        responsive: true,
        maintainAspectRatio: false,
        locale: locale,
        animation: false,
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom", rtl: rtl },
          tooltip: {
            rtl: rtl,
            callbacks: {
              label: (context) =>
                `${context.dataset.label}: ${numbers.format(context.parsed[valueAxis])}`,
            },
          },
        },
        scales: scales,
      },
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
