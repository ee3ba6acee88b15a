// The contact analysis bar chart: activities by type in the chosen period and the previous one (data on the canvas).
(function () {
    var canvas = document.getElementById('analysis-chart');
    if (!canvas || typeof Chart === 'undefined') { return; }
    var data = JSON.parse(canvas.dataset.chart);
    new Chart(canvas, {
        type: 'bar',
        data: {
            labels: data.labels,
            datasets: [
                { label: data.currentLabel, data: data.current, backgroundColor: '#0d6efd' },
                { label: data.previousLabel, data: data.previous, backgroundColor: '#adb5bd' }
            ]
        },
        options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
})();
