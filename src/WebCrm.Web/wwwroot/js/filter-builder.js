// Filter builder: renders one row per condition (field, operator, value inputs) from the field metadata the
// server put on #conditions, as c[i].f / c[i].o / c[i].v inputs of the surrounding GET form.
(function () {
    const host = document.getElementById('conditions');
    if (!host) return;
    const fields = JSON.parse(host.dataset.fields);
    const texts = JSON.parse(host.dataset.texts);
    const initial = JSON.parse(host.dataset.conditions);
    let counter = 0;

    function el(tag, attrs, children) {
        const e = document.createElement(tag);
        for (const [k, v] of Object.entries(attrs || {})) {
            if (v === null || v === undefined) continue;
            if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
        }
        (children || []).forEach(c => e.appendChild(c));
        return e;
    }

    function renumber() {
        host.querySelectorAll('.condition').forEach((row, i) => {
            row.querySelectorAll('[data-part]').forEach(input => {
                input.name = 'c[' + i + '].' + input.dataset.part;
            });
        });
    }

    function valueInputs(field, op, values, id) {
        const box = el('span', { class: 'value-box d-inline-flex gap-1 flex-wrap' });
        if (op === 'IsEmpty' || op === 'IsNotEmpty') return box;
        const label = texts.value + ': ' + field.label;
        if (field.type === 'Choice' || field.type === 'YesNo') {
            const multiple = op === 'In';
            const select = el('select', { class: 'form-select form-select-sm', 'data-part': 'v', 'aria-label': label, id: id + '-v' });
            if (multiple) { select.multiple = true; select.size = Math.min(6, Math.max(3, field.options.length)); }
            field.options.forEach(o => {
                const option = el('option', { value: o.value, text: o.label });
                if (values.includes(o.value)) option.selected = true;
                select.appendChild(option);
            });
            box.appendChild(select);
            return box;
        }
        const type = field.type === 'Date' ? 'date' : field.type === 'Number' ? 'text' : 'text';
        const count = op === 'Between' ? 2 : 1;
        for (let i = 0; i < count; i++) {
            if (i === 1) box.appendChild(el('span', { class: 'small align-self-center', text: texts.and }));
            box.appendChild(el('input', {
                class: 'form-control form-control-sm', type: type, 'data-part': 'v', value: values[i] || '',
                'aria-label': label + (count > 1 ? ' ' + (i + 1) : ''), inputmode: field.type === 'Number' ? 'decimal' : null, maxlength: '200'
            }));
        }
        if (op === 'In' && field.type === 'Text') {
            box.firstChild.setAttribute('placeholder', 'a, b, c');
        }
        return box;
    }

    function addRow(condition) {
        const id = 'cond-' + (counter++);
        const row = el('div', { class: 'condition d-flex flex-wrap gap-1 mb-1 align-items-center' });
        const fieldSelect = el('select', { class: 'form-select form-select-sm w-auto', 'data-part': 'f', 'aria-label': texts.field, id: id + '-f' });
        fields.forEach(f => fieldSelect.appendChild(el('option', { value: f.key, text: f.label })));
        if (condition.f) fieldSelect.value = condition.f;
        const opSelect = el('select', { class: 'form-select form-select-sm w-auto', 'data-part': 'o', 'aria-label': texts.op, id: id + '-o' });
        let values = condition.v || [];
        let box = el('span');

        function current() { return fields.find(f => f.key === fieldSelect.value) || fields[0]; }
        function fillOps(selected) {
            opSelect.innerHTML = '';
            current().ops.forEach(o => opSelect.appendChild(el('option', { value: o, text: texts.ops[o] || o })));
            if (selected && current().ops.includes(selected)) opSelect.value = selected;
        }
        function fillValues() {
            const next = valueInputs(current(), opSelect.value, values, id);
            row.replaceChild(next, box);
            box = next;
            renumber();
        }
        fillOps(condition.o);
        const remove = el('button', { type: 'button', class: 'btn btn-sm btn-outline-danger', 'aria-label': texts.remove, text: '×' });
        remove.addEventListener('click', () => { row.remove(); renumber(); });
        fieldSelect.addEventListener('change', () => { values = []; fillOps(); fillValues(); });
        opSelect.addEventListener('change', () => { values = []; fillValues(); });
        row.append(fieldSelect, opSelect, box, remove);
        host.appendChild(row);
        fillValues();
    }

    initial.forEach(addRow);
    document.getElementById('add-condition').addEventListener('click', () => addRow({}));
})();
