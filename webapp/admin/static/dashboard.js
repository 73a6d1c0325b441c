// Draws each statistics table's chart from the JSON spec in its canvas's data-chart attribute (Chart.js, vendored).
"use strict";
for (const canvas of document.querySelectorAll("canvas.chart")) {
  const spec = JSON.parse(canvas.dataset.chart);
  new Chart(canvas, {type: spec.type, data: spec.data,
                     options: {responsive: true, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}});
}
