// Draws the collector's views (GET /v1/stats and /v1/stats/{view}) with Chart.js; everything is
// served by the collector. Every figure comes folded from the API: null means fewer than 5 installs.
(function () {
  'use strict';

  var PALETTE = ['#2f6fdf', '#16a085', '#e67e22', '#8e44ad', '#c0392b', '#2c3e50',
    '#27ae60', '#d35400', '#7f8c8d', '#f1c40f', '#1abc9c', '#9b59b6'];
  var OTHER_COLOUR = '#b8c0cc';
  var VIEWS = ['overview', 'activity', 'retention', 'versions', 'funnel'];
  var FILTER_SELECTS = { os: 'filter-os', version: 'filter-version', edition: 'filter-edition' };
  var charts = [];
  var known = { os: {}, version: {}, edition: {} };
  var generation = 0;

  function colours(keys) {
    return keys.map(function (key, i) {
      return key === 'other' ? OTHER_COLOUR : PALETTE[i % PALETTE.length];
    });
  }

  function shown(value, min) {
    return value === null || value === undefined ? '<' + min : String(value);
  }

  function percent(share) {
    return share === null || share === undefined ? '–' : (share * 100).toFixed(1) + '%';
  }

  function chart(id, config) {
    config.options = Object.assign({ animation: false, maintainAspectRatio: false }, config.options);
    charts.push(new Chart(document.getElementById(id), config));
  }

  function draw(id, type, labels, values, options) {
    var horizontal = options && options.horizontal;
    chart(id, {
      type: type,
      data: {
        labels: labels,
        datasets: [{
          label: (options && options.label) || 'installs',
          data: values,
          backgroundColor: type === 'line' ? 'rgba(47,111,223,.15)' : colours(labels),
          borderColor: type === 'line' ? '#2f6fdf' : undefined,
          fill: type === 'line',
          tension: 0
        }]
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: type === 'doughnut', position: 'right' } },
        scales: type === 'doughnut' ? {} : { x: { beginAtZero: true }, y: { beginAtZero: true } }
      }
    });
  }

  function groups(id, list, type, options) {
    draw(id, type || 'bar',
      list.map(function (g) { return g.key; }),
      list.map(function (g) { return g.installs; }),
      options);
  }

  function totals(id, list) {
    // Under a filter a counter's sum is unknown (null): the chart then shows installs.
    var summed = list.every(function (t) { return t.total !== null; });
    draw(id, 'bar',
      list.map(function (t) { return t.key; }),
      list.map(function (t) { return summed ? t.total : t.installs; }),
      { horizontal: true, label: summed ? 'count' : 'installs' });
  }

  function remember(stats) {
    Object.keys(known).forEach(function (dimension) {
      (stats.installs_by[dimension] || []).forEach(function (g) {
        if (g.key !== 'other') {
          known[dimension][g.key] = true;
        }
      });
      var select = document.getElementById(FILTER_SELECTS[dimension]);
      var current = select.value;
      Object.keys(known[dimension]).sort().forEach(function (value) {
        if (!select.querySelector('option[value="' + CSS.escape(value) + '"]')) {
          var option = document.createElement('option');
          option.value = value;
          option.textContent = value;
          select.appendChild(option);
        }
      });
      select.value = current;
    });
  }

  function renderOverview(stats) {
    remember(stats);
    document.getElementById('from').value = stats.from;
    document.getElementById('to').value = stats.to;
    document.getElementById('total-installs').textContent = stats.installs;
    document.getElementById('peak-daily').textContent = stats.daily_active_installs
      .reduce(function (max, d) { return Math.max(max, d.installs); }, 0);
    document.getElementById('flags-reporting').textContent = stats.feature_flags_reporting;

    draw('chart-daily', 'line',
      stats.daily_active_installs.map(function (d) { return d.day; }),
      stats.daily_active_installs.map(function (d) { return d.installs; }));
    groups('chart-version', stats.installs_by.version, 'bar', { horizontal: true });
    groups('chart-os', stats.installs_by.os, 'doughnut');
    groups('chart-arch', stats.installs_by.arch, 'doughnut');
    groups('chart-edition', stats.installs_by.edition, 'doughnut');
    groups('chart-env_kind', stats.installs_by.env_kind);
    groups('chart-launch_source', stats.installs_by.launch_source);
    draw('chart-funnel', 'bar',
      stats.activation_funnel.map(function (s) {
        return s.installs === null ? s.step + ' (<' + stats.min_group_installs + ')' : s.step;
      }),
      stats.activation_funnel.map(function (s) { return s.installs; }));
    groups('chart-upgrades', stats.upgrades, 'bar', { horizontal: true });
    groups('chart-flags', stats.feature_flags, 'bar', { horizontal: true });
    totals('chart-errors', stats.error_categories);
    totals('chart-surfaces', stats.surfaces);
    totals('chart-tools', stats.builtin_tools);
  }

  function renderActivity(activity) {
    var days = activity.days.map(function (d) { return d.day; });
    document.getElementById('activity-note').textContent =
      'New: first seen that day. Returning: seen before. Gone: last seen ' + activity.gone_after_days +
      ' days before and not since. Bars under ' + activity.min_group_installs + ' installs are withheld.';
    chart('chart-activity', {
      type: 'bar',
      data: {
        labels: days,
        datasets: [
          { type: 'bar', label: 'new', stack: 'active', backgroundColor: '#16a085',
            data: activity.days.map(function (d) { return d.new_installs; }) },
          { type: 'bar', label: 'returning', stack: 'active', backgroundColor: '#2f6fdf',
            data: activity.days.map(function (d) { return d.returning; }) },
          { type: 'line', label: 'gone', borderColor: '#c0392b', backgroundColor: '#c0392b',
            data: activity.days.map(function (d) { return d.gone; }), tension: 0 }
        ]
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
    });
  }

  function renderRetention(retention) {
    var min = retention.min_group_installs;
    retention.rates.forEach(function (rate) {
      var tile = document.getElementById('rate-' + rate.days);
      tile.textContent = percent(rate.rate);
      tile.title = shown(rate.retained, min) + ' of ' + shown(rate.cohort_installs, min) + ' installs';
    });
    var once = retention.one_and_done;
    var onceTile = document.getElementById('one-and-done');
    onceTile.textContent = percent(once.share);
    onceTile.title = shown(once.single_day, min) + ' of ' + shown(once.new_installs, min) + ' new installs';

    var table = document.getElementById('retention-table');
    var periods = retention.cohorts.reduce(function (max, c) { return Math.max(max, c.retained.length); }, 0);
    var head = table.querySelector('thead');
    var body = table.querySelector('tbody');
    head.textContent = '';
    body.textContent = '';
    var headRow = document.createElement('tr');
    var unit = retention.period;
    [unit === 'week' ? 'first seen (week of)' : 'first seen', 'installs'].forEach(function (text) {
      headRow.appendChild(cell('th', text, 'col'));
    });
    for (var p = 0; p < periods; p++) {
      headRow.appendChild(cell('th', unit + ' ' + p, 'col'));
    }
    head.appendChild(headRow);
    retention.cohorts.forEach(function (cohort) {
      var row = document.createElement('tr');
      row.appendChild(cell('th', cohort.start, 'row'));
      row.appendChild(cell('td', shown(cohort.installs, min)));
      cohort.retained.forEach(function (c) {
        var td = cell('td', c.installs === null ? '<' + min : percent(c.share));
        td.title = shown(c.installs, min) + ' installs' + (c.partial ? ' (period not over)' : '');
        if (c.share !== null) {
          td.style.backgroundColor = 'rgba(47,111,223,' + (0.08 + 0.6 * c.share).toFixed(2) + ')';
        }
        if (c.partial) {
          td.className = 'partial';
        }
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    if (retention.cohorts.length === 0) {
      var empty = document.createElement('tr');
      var td = cell('td', 'No new installs in this range.');
      td.colSpan = 2;
      empty.appendChild(td);
      body.appendChild(empty);
    }
  }

  function cell(tag, text, scope) {
    var element = document.createElement(tag);
    element.textContent = text;
    if (scope) {
      element.scope = scope;
    }
    return element;
  }

  function renderVersions(adoption) {
    chart('chart-versions', {
      type: 'bar',
      data: {
        labels: adoption.days,
        datasets: adoption.series.map(function (s, i) {
          return {
            label: s.version,
            data: s.installs,
            backgroundColor: s.version === 'other' ? OTHER_COLOUR : PALETTE[i % PALETTE.length],
            stack: 'versions'
          };
        })
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
    });
  }

  function renderFunnel(funnel) {
    var min = funnel.min_group_installs;
    var body = document.querySelector('#funnel-table tbody');
    body.textContent = '';
    funnel.overall.forEach(function (step) {
      var row = document.createElement('tr');
      row.appendChild(cell('th', step.step, 'row'));
      row.appendChild(cell('td', shown(step.installs, min)));
      row.appendChild(cell('td', percent(step.from_previous)));
      row.appendChild(cell('td', percent(step.from_first)));
      body.appendChild(row);
    });
    var steps = funnel.overall.map(function (s) { return s.step; });
    chart('chart-funnel-env', {
      type: 'bar',
      data: {
        labels: steps,
        datasets: funnel.by_env_kind.map(function (env, i) {
          return {
            label: env.env_kind + ' (' + shown(env.installs, min) + ')',
            data: env.steps.map(function (s) { return s.from_first === null ? null : s.from_first * 100; }),
            backgroundColor: env.env_kind === 'other' ? OTHER_COLOUR : PALETTE[i % PALETTE.length]
          };
        })
      },
      options: { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '% of first step' } } } }
    });
  }

  var RENDER = {
    overview: renderOverview,
    activity: renderActivity,
    retention: renderRetention,
    versions: renderVersions,
    funnel: renderFunnel
  };

  function query() {
    var parts = [];
    function add(name, value) {
      if (value) {
        parts.push(encodeURIComponent(name) + '=' + encodeURIComponent(value));
      }
    }
    add('from', document.getElementById('from').value);
    add('to', document.getElementById('to').value);
    var envs = Array.prototype.slice.call(document.querySelectorAll('input[name="env_kind"]:checked'))
      .map(function (box) { return box.value; });
    add('env_kind', envs.join(','));
    if (document.getElementById('people-only').checked) {
      add('people_only', 'true');
    }
    Object.keys(FILTER_SELECTS).forEach(function (name) {
      add(name, document.getElementById(FILTER_SELECTS[name]).value);
    });
    return parts.join('&');
  }

  function exportLinks(q) {
    Array.prototype.forEach.call(document.querySelectorAll('.exports'), function (holder) {
      var view = holder.dataset.view;
      holder.textContent = 'Download: ';
      ['csv', 'json'].forEach(function (format, i) {
        var link = document.createElement('a');
        link.href = '/v1/stats/' + view + '?' + q + (q ? '&' : '') + 'format=' + format;
        link.textContent = format.toUpperCase();
        link.setAttribute('download', 'mcpproxy-telemetry-' + view + '.' + format);
        link.className = 'export-' + format;
        if (i > 0) {
          holder.appendChild(document.createTextNode(' · '));
        }
        holder.appendChild(link);
      });
    });
  }

  function fetchView(view, q) {
    return fetch('/v1/stats/' + view + (q ? '?' + q : ''), { headers: { Accept: 'application/json' } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) {
            throw new Error(body.message || ('HTTP ' + response.status));
          }
          return body;
        });
      });
  }

  function load(initial) {
    var mine = ++generation;
    document.body.dataset.rendered = 'false';
    var q = initial ? '' : query();
    Promise.all(VIEWS.map(function (view) { return fetchView(view, q); }))
      .then(function (results) {
        if (mine !== generation) {
          return;
        }
        charts.forEach(function (c) { c.destroy(); });
        charts = [];
        VIEWS.forEach(function (view, i) { RENDER[view](results[i]); });
        var overview = results[0];
        exportLinks(initial ? query() : q);
        var status = document.getElementById('status');
        status.className = '';
        var filtered = q.indexOf('env_kind=') >= 0 || q.indexOf('people_only=') >= 0 ||
          q.indexOf('os=') >= 0 || q.indexOf('version=') >= 0 || q.indexOf('edition=') >= 0;
        status.textContent = (overview.installs === 0
          ? 'No heartbeats from ' + overview.from + ' to ' + overview.to + '.'
          : 'Showing ' + overview.from + ' to ' + overview.to + ' (UTC days).') +
          (filtered ? ' Filtered.' : '');
        document.body.dataset.rendered = 'true';
      })
      .catch(function (error) {
        if (mine !== generation) {
          return;
        }
        var status = document.getElementById('status');
        status.className = 'error';
        status.textContent = 'Could not load statistics: ' + error.message;
        document.body.dataset.rendered = 'error';
      });
  }

  document.getElementById('range').addEventListener('submit', function (event) {
    event.preventDefault();
    load(false);
  });
  document.getElementById('filters').addEventListener('submit', function (event) {
    event.preventDefault();
    load(false);
  });
  document.getElementById('people-only').addEventListener('change', function () {
    load(false);
  });
  document.getElementById('clear-filters').addEventListener('click', function () {
    document.getElementById('filters').reset();
    load(false);
  });

  load(true);
}());
