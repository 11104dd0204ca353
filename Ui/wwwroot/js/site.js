// Bandit.Aspire Ui: small progressive enhancements; every page works without them.
(function () {
    'use strict';

    // Experiment: refresh the panel in place, say how old the figures are, and say so loudly when the connection is lost.
    var panel = document.getElementById('panel');
    if (panel) {
        var every = parseInt(panel.dataset.refreshMs, 10) || 5000;
        var ago = document.getElementById('updated-ago');
        var pause = document.getElementById('pause');
        var banner = document.getElementById('stale');
        var bannerText = document.getElementById('stale-text');
        var summary = document.getElementById('live-summary');
        var root = panel.querySelector('[data-panel]');
        var lastOk = root && root.dataset.ok === 'true' ? Number(root.dataset.at) : Number(ago.dataset.at);
        var paused = false, timer = null, problem = root && root.dataset.ok !== 'true' ? root.dataset.problem : null;

        var seconds = function () { return Math.max(0, Math.round((Date.now() - lastOk) / 1000)); };
        var clock = function (ms) { return new Date(ms).toISOString().substring(11, 19) + ' UTC'; };
        var showStale = function (reason) {
            problem = reason;
            bannerText.textContent = reason + ' The figures below are from ' + clock(lastOk) + ', ' + seconds() + ' s ago; the page keeps trying.';
            banner.hidden = false;
            panel.classList.add('stale');
        };
        var tick = function () {
            ago.textContent = (paused ? 'paused · ' : '') + 'updated ' + seconds() + ' s ago';
            if (!paused && problem === null && Date.now() - lastOk > 3 * every) {
                showStale('No fresh figures for ' + seconds() + ' s.');
            } else if (problem !== null && !banner.hidden) {
                showStale(problem);
            }
        };
        var refresh = async function () {
            timer = null;
            if (paused) { return; }
            try {
                var response = await fetch('/experiment?handler=Panel', { cache: 'no-store' });
                if (!response.ok) { throw new Error('the Ui answered ' + response.status); }
                var holder = document.createElement('div');
                holder.innerHTML = await response.text();
                var fresh = holder.querySelector('[data-panel]');
                if (fresh && fresh.dataset.ok === 'true') {
                    panel.replaceChildren.apply(panel, Array.prototype.slice.call(holder.childNodes));
                    lastOk = Number(fresh.dataset.at);
                    problem = null;
                    banner.hidden = true;
                    panel.classList.remove('stale');
                    if (summary.textContent !== fresh.dataset.summary) { summary.textContent = fresh.dataset.summary; }
                } else {
                    showStale(fresh && fresh.dataset.problem ? fresh.dataset.problem : 'The Ui sent no figures.');
                }
            } catch (e) {
                showStale('The Ui is not answering (' + e.message + ').');
            }
            tick();
            if (!paused) { timer = setTimeout(refresh, every); }
        };
        pause.addEventListener('click', function () {
            paused = !paused;
            pause.setAttribute('aria-pressed', String(paused));
            pause.textContent = paused ? 'Resume updates' : 'Pause updates';
            if (paused) { if (timer) { clearTimeout(timer); timer = null; } } else { refresh(); }
            tick();
        });
        if (problem !== null) { showStale(problem); }
        setInterval(tick, 1000);
        tick();
        timer = setTimeout(refresh, every);
    }

    // Strategy form: check each weight as it is typed and show the traffic each arm would get, before any confirmation.
    var form = document.getElementById('strategy-form');
    if (form) {
        var max = Number(form.dataset.maxWeight) || 1e6;
        var inputs = Array.prototype.slice.call(form.querySelectorAll('input[name=weights]'));
        var overall = document.getElementById('weights-error');
        var shares = document.getElementById('weight-shares');
        var check = function () {
            var values = [], bad = false;
            inputs.forEach(function (input) {
                var text = input.value.trim();
                var error = document.getElementById(input.id + '-error');
                var number = Number(text);
                var wrong = text !== '' && (!/^[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?$/i.test(text) || !isFinite(number) || number < 0 || number > max);
                input.setAttribute('aria-invalid', String(wrong));
                error.textContent = wrong ? "'" + text + "' is not a number from 0 to 1,000,000 (use a dot for decimals)." : '';
                bad = bad || wrong;
                values.push(text === '' ? null : number);
            });
            var given = values.filter(function (v) { return v !== null; });
            var message = '';
            if (given.length > 0 && given.length < values.length) {
                message = 'Give every arm a weight, or leave them all empty to keep the current ones.';
            } else if (!bad && given.length > 0 && given.reduce(function (a, b) { return a + b; }, 0) <= 0) {
                message = 'At least one weight must be above 0: the weights are relative shares of the traffic.';
            }
            overall.textContent = message;
            var total = given.reduce(function (a, b) { return a + b; }, 0);
            shares.textContent = !bad && message === '' && given.length === values.length && total > 0
                ? 'Traffic under the hash split: ' + inputs.map(function (input, i) {
                    return input.dataset.arm + ' ' + (Math.round(values[i] / total * 1000) / 10) + '%';
                }).join(' · ')
                : '';
            return !bad && message === '';
        };
        inputs.forEach(function (input) { input.addEventListener('input', check); });
        form.addEventListener('submit', function (e) { if (!check()) { e.preventDefault(); } });
    }

    // Report: click a plot to see it large.
    var lightbox = document.getElementById('lightbox');
    if (lightbox && typeof lightbox.showModal === 'function') {
        document.addEventListener('click', function (e) {
            var link = e.target.closest && e.target.closest('a.zoom');
            if (!link) { return; }
            e.preventDefault();
            lightbox.querySelector('img').src = link.href;
            lightbox.querySelector('img').alt = link.dataset.caption || '';
            lightbox.querySelector('.caption').textContent = link.dataset.caption || '';
            lightbox.showModal();
        });
        lightbox.addEventListener('click', function (e) { if (e.target === lightbox) { lightbox.close(); } });
    }
})();
