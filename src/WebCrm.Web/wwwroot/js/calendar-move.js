// Drag a planned activity to another day in the week view (native drag events). The drop fills the page's one move
// form — the activity's move address, its stamp and the new start day — and submits it, so the server checks the
// right to change it and the stamp exactly as for the "Move to" form on the activity page, which works without this.
(function () {
    const grid = document.getElementById('calendar-week');
    const form = document.getElementById('calendar-move');
    if (!grid || !form) { return; }
    let dragged = null;
    const day = 24 * 60 * 60 * 1000;
    function parse(text) { const p = text.split('-').map(Number); return Date.UTC(p[0], p[1] - 1, p[2]); }
    function format(ms) { return new Date(ms).toISOString().slice(0, 10); }
    function cellOf(e) { return e.target.closest ? e.target.closest('td[data-date]') : null; }
    // Only another day of the same person's row.
    function target(e) {
        const cell = cellOf(e);
        if (!dragged || !cell || cell.closest('tr') !== dragged.closest('tr')) { return null; }
        return cell === dragged.closest('td') ? null : cell;
    }
    function clear() { grid.querySelectorAll('.drop-target').forEach(function (c) { c.classList.remove('drop-target'); }); }
    grid.addEventListener('dragstart', function (e) {
        const item = e.target.closest ? e.target.closest('li[data-move]') : null;
        if (!item) { return; }
        dragged = item;
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', item.dataset.move);
    });
    grid.addEventListener('dragend', function () { dragged = null; clear(); });
    grid.addEventListener('dragover', function (e) {
        const cell = target(e);
        if (cell) { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; clear(); cell.classList.add('drop-target'); }
    });
    grid.addEventListener('dragleave', function (e) { const cell = cellOf(e); if (cell) { cell.classList.remove('drop-target'); } });
    grid.addEventListener('drop', function (e) {
        const cell = target(e);
        if (!cell) { return; }
        e.preventDefault();
        // A several-day activity dragged by a later day moves by the same number of days.
        const shift = parse(cell.dataset.date) - parse(dragged.closest('td').dataset.date);
        form.action = dragged.dataset.move;
        form.elements.date.value = format(parse(dragged.dataset.start) + Math.round(shift / day) * day);
        form.elements.stamp.value = dragged.dataset.stamp;
        form.submit();
    });
})();
