// A stage of the deal card dragged over others posts the same move as its up / down buttons, by the number of places
// it travelled, so the server checks, stores and records it like any other change and answers with the card. The
// listeners sit on the document because every answer replaces the card (#deal-card) and with it the list.
(function () {
    if (typeof htmx === 'undefined') { return; }
    let dragged = null;
    function stageOf(e) {
        const li = e.target instanceof Element ? e.target.closest('.stage-list-draggable > li[draggable=true]') : null;
        return li && dragged && li !== dragged && li.parentElement === dragged.parentElement ? li : null;
    }
    function clear() {
        document.querySelectorAll('.stage-list-draggable > li.drop-target').forEach(function (li) { li.classList.remove('drop-target'); });
    }
    document.addEventListener('dragstart', function (e) {
        const li = e.target instanceof Element ? e.target.closest('.stage-list-draggable > li[draggable=true]') : null;
        if (!li) { return; }
        dragged = li;
        li.classList.add('dragging');
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', li.dataset.id);
    });
    document.addEventListener('dragend', function () {
        if (dragged) { dragged.classList.remove('dragging'); }
        dragged = null;
        clear();
    });
    document.addEventListener('dragover', function (e) {
        const li = stageOf(e);
        if (!li) { return; }
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        clear();
        li.classList.add('drop-target');
    });
    document.addEventListener('drop', function (e) {
        const li = stageOf(e);
        if (!li) { return; }
        e.preventDefault();
        const stages = Array.prototype.slice.call(li.parentElement.children);
        const offset = stages.indexOf(li) - stages.indexOf(dragged);
        const form = dragged.querySelector('form.stage-move');
        clear();
        if (!form || offset === 0) { return; }
        const values = {};
        new FormData(form).forEach(function (value, name) { values[name] = value; });
        const url = form.getAttribute('action').replace(/direction=-?\d+/, 'direction=' + offset);
        htmx.ajax('POST', url, { source: form, target: '#deal-card', swap: 'outerHTML', values: values });
    });
})();
