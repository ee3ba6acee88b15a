// Native drag-and-drop on the board: dropping a card on the column of any stage its deal goes through chooses that
// stage in the card's own "Move to" form (the keyboard and button path) and submits it, so the server validates and
// records the move the same way, and a page without JavaScript still moves cards with that form.
(function () {
    const board = document.getElementById('board');
    if (!board) { return; }
    let dragged = null;
    board.addEventListener('dragstart', function (e) {
        const card = e.target.closest('.board-card[draggable=true]');
        if (!card) { return; }
        dragged = card;
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', card.dataset.id);
    });
    board.addEventListener('dragend', function () {
        dragged = null;
        board.querySelectorAll('.board-column.drop-target').forEach(function (c) { c.classList.remove('drop-target'); });
    });
    function target(e) {
        const column = e.target.closest('.board-column');
        if (!dragged || !column) { return null; }
        return (dragged.dataset.targets || '').split(' ').indexOf(column.dataset.stage) >= 0 ? column : null;
    }
    board.addEventListener('dragover', function (e) {
        const column = target(e);
        if (column) { e.preventDefault(); column.classList.add('drop-target'); }
    });
    board.addEventListener('dragleave', function (e) {
        const column = e.target.closest('.board-column');
        if (column) { column.classList.remove('drop-target'); }
    });
    board.addEventListener('drop', function (e) {
        const column = target(e);
        if (!column) { return; }
        e.preventDefault();
        const form = dragged.querySelector('form.move-form');
        if (!form) { return; }
        form.querySelector('select[name=stageId]').value = column.dataset.stage;
        form.requestSubmit();
    });
})();
