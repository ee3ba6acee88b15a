// Draws the report's chart from the data the page carries on the canvas (data-chart); no inline script (CSP).
(function () {
    const canvas = document.getElementById('report-chart');
    if (!canvas || typeof Chart === 'undefined') { return; }
    const data = JSON.parse(canvas.dataset.chart);
    const palette = ['#0d6efd', '#198754', '#dc3545', '#fd7e14', '#6f42c1', '#20c997', '#ffc107', '#0dcaf0', '#6c757d', '#d63384'];
    const kind = data.kind;
    const type = kind === 'Pie' ? 'pie' : kind === 'Line' ? 'line' : 'bar';
    const horizontal = kind === 'Funnel';
    const datasets = data.series.map(function (s, i) {
        return {
            label: s.label,
            data: s.values.map(function (v) { return v === null ? 0 : v; }),
            backgroundColor: type === 'pie' ? s.values.map(function (_, j) { return palette[j % palette.length]; }) : palette[i % palette.length],
            borderColor: type === 'line' ? palette[i % palette.length] : undefined,
            fill: false
        };
    });
    const stacked = kind === 'StackedBar';
    new Chart(canvas, {
        type: type,
        data: { labels: data.labels, datasets: datasets },
        options: {
            responsive: true,
            maintainAspectRatio: true,
            aspectRatio: type === 'pie' ? 2 : 2.5,
            animation: false,
            indexAxis: horizontal ? 'y' : 'x',
            scales: type === 'pie' ? {} : { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } },
            plugins: { legend: { display: type === 'pie' || datasets.length > 1 } }
        }
    });
})();
