// The board's one shared "move to" menu: a card's "Move…" link (a page of its own without JavaScript) opens the
// menu with the card's own stages, and dropping a card on the column of any stage its deal goes through submits the
// same form with that stage chosen, so the server validates and records the move the same way either path.
(function () {
    const board = document.getElementById('board');
    const dialog = document.getElementById('board-move');
    const form = document.getElementById('board-move-form');
    if (!board || !dialog || !form || typeof dialog.showModal !== 'function') { return; }
    const select = form.querySelector('select[name=stageId]');
    function stageName(id) {
        const column = board.querySelector('.board-column[data-stage="' + id + '"]');
        return column ? column.dataset.name : id;
    }
    function prepare(card, stage) {
        const targets = (card.dataset.targets || '').split(' ').filter(Boolean);
        form.action = '/funnel/board/' + card.dataset.id + '/move';
        form.elements.stamp.value = card.dataset.stamp;
        select.replaceChildren.apply(select, targets.map(function (t) { return new Option(stageName(t), t, false, t === stage); }));
        const title = card.querySelector('.board-title');
        document.getElementById('board-move-deal').textContent = title ? title.textContent : '';
        return targets.length > 0;
    }
    board.addEventListener('click', function (e) {
        const link = e.target.closest('.board-move-open');
        const card = link && link.closest('.board-card');
        if (!card || !prepare(card, null)) { return; }
        e.preventDefault();
        dialog.showModal();
        select.focus();
    });
    form.querySelector('.board-move-cancel').addEventListener('click', function () { dialog.close(); });

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
        if (prepare(dragged, column.dataset.stage)) { form.requestSubmit(); }
    });
})();
