// WebCrm's page behaviour, loaded on every page (no inline scripts: CSP). Everything here is an enhancement: every
// link and form also works without JavaScript.
(function () {
    'use strict';

    // Card tabs: Bootstrap switches the pane; the address keeps ?tab= so a reload or a shared link opens the same one.
    document.addEventListener('shown.bs.tab', function (e) {
        var key = e.target.getAttribute('data-tab');
        if (!key || !window.history.replaceState) { return; }
        var url = new URL(window.location.href);
        url.searchParams.set('tab', key);
        window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    });

    // tom-select moves the label to its own text box; the original (hidden) select keeps the label's text as its name.
    function keepName(el) {
        var label = el.id ? document.querySelector('label[for="' + el.id + '"]') : null;
        if (label && !el.getAttribute('aria-label')) { el.setAttribute('aria-label', label.textContent.trim()); }
    }

    // Searchable pickers (tom-select): <select data-search="/url"> asks the URL (?q=) for {id, name, detail, price};
    // <select data-searchable> (optionally multiple) searches its own options.
    function pickers(root) {
        if (!window.TomSelect) { return; }
        root.querySelectorAll('select[data-search]:not(.tomselected)').forEach(function (el) {
            keepName(el);
            var price = el.dataset.price ? document.getElementById(el.dataset.price) : null;
            var ts = new TomSelect(el, {
                valueField: 'id', labelField: 'name', searchField: ['name', 'detail'], maxOptions: 30, loadThrottle: 250,
                preload: 'focus', openOnFocus: true, closeAfterSelect: true,
                load: function (q, done) {
                    fetch(el.dataset.search + '?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
                        .then(function (r) { return r.ok ? r.json() : []; })
                        .then(function (data) { done(data); }, function () { done(); });
                },
                render: {
                    option: function (item, escape) {
                        return '<div>' + escape(item.name) + (item.detail ? ' <small class="text-muted">' + escape(item.detail) + '</small>' : '') + '</div>';
                    }
                },
                onChange: function (value) {
                    // Chosen: the list closes so it does not cover the fields and buttons below it.
                    this.close();
                    var item = this.options[value];
                    if (price && item && item.price != null && !price.value) { price.value = item.price; }
                }
            });
            if (el.getAttribute('aria-describedby')) { ts.control_input.setAttribute('aria-describedby', el.getAttribute('aria-describedby')); }
        });
        // The filter builder's "one of" lists (select multiple data-searchable, _FilterBuilder) are searchable too.
        root.querySelectorAll('select[data-searchable]:not(.tomselected), select.searchable:not(.tomselected)').forEach(function (el) {
            var multi = el.multiple;
            keepName(el);
            new TomSelect(el, { plugins: multi ? ['remove_button'] : [], maxOptions: 500, hidePlaceholder: true });
        });
    }

    // After an answer in place: the first field with an error gets the focus; otherwise focus stays where it was.
    function focusFirstError(root) {
        var bad = root.querySelector('.is-invalid');
        if (!bad) { return false; }
        var wrapper = bad.tomselect ? bad.tomselect.control_input : bad;
        var pane = bad.closest('.tab-pane');
        if (pane && !pane.classList.contains('active') && window.bootstrap) {
            var link = document.querySelector('[data-bs-target="#' + pane.id + '"]');
            if (link) { window.bootstrap.Tab.getOrCreateInstance(link).show(); }
        }
        wrapper.focus();
        return true;
    }

    document.addEventListener('DOMContentLoaded', function () {
        pickers(document);
        var main = document.getElementById('main');
        if (main) { focusFirstError(main); }
    });
    document.addEventListener('htmx:afterSettle', function (e) {
        var root = e.detail.elt && e.detail.elt.isConnected ? e.detail.elt : document;
        pickers(root);
        if (!focusFirstError(root)) {
            // A form opened in place (an editor) takes the focus on its first field.
            var first = root.querySelector('.inplace-form input:not([type=hidden]), .inplace-form select, .inplace-form textarea');
            if (first && root.classList && (root.classList.contains('part-editor') || root.id.slice(-7) === '-editor')) { first.focus(); }
        }
    });
})();
