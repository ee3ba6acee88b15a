// Searchable pickers of the Deals module: a text box with a datalist filled from a small JSON endpoint; choosing an
// entry stores its id in the hidden field named by data-target (and the product's price in data-price, if given).
(function () {
    document.querySelectorAll('input[data-picker]').forEach(function (box) {
        var list = document.getElementById(box.getAttribute('list'));
        var target = document.getElementById(box.dataset.target);
        var price = box.dataset.price ? document.getElementById(box.dataset.price) : null;
        var items = [];
        var timer = null;
        box.addEventListener('input', function () {
            var chosen = items.find(function (i) { return i.name === box.value; });
            if (chosen) {
                target.value = chosen.id;
                if (price && !price.value && chosen.price != null) { price.value = chosen.price; }
                return;
            }
            target.value = '';
            clearTimeout(timer);
            timer = setTimeout(function () {
                fetch(box.dataset.picker + '?q=' + encodeURIComponent(box.value), { headers: { Accept: 'application/json' } })
                    .then(function (r) { return r.ok ? r.json() : []; })
                    .then(function (data) {
                        items = data;
                        list.replaceChildren.apply(list, data.map(function (i) {
                            var o = document.createElement('option');
                            o.value = i.name;
                            if (i.detail) { o.label = i.detail; }
                            return o;
                        }));
                    });
            }, 200);
        });
    });
})();
