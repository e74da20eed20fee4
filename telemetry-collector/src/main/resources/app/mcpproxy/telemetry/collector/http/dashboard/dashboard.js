// Draws the collector's aggregates (GET /v1/stats) with Chart.js; everything is served by the collector.
(function () {
  'use strict';

  var PALETTE = ['#2f6fdf', '#16a085', '#e67e22', '#8e44ad', '#c0392b', '#2c3e50',
    '#27ae60', '#d35400', '#7f8c8d', '#f1c40f', '#1abc9c', '#9b59b6'];
  var OTHER_COLOUR = '#b8c0cc';
  var charts = [];

  function colours(keys) {
    return keys.map(function (key, i) {
      return key === 'other' ? OTHER_COLOUR : PALETTE[i % PALETTE.length];
    });
  }

  function draw(id, type, labels, values, options) {
    var canvas = document.getElementById(id);
    var horizontal = options && options.horizontal;
    var chart = new Chart(canvas, {
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
        animation: false,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: type === 'doughnut', position: 'right' } },
        scales: type === 'doughnut' ? {} : { x: { beginAtZero: true }, y: { beginAtZero: true } }
      }
    });
    charts.push(chart);
  }

  function groups(id, list, type, options) {
    draw(id, type || 'bar',
      list.map(function (g) { return g.key; }),
      list.map(function (g) { return g.installs; }),
      options);
  }

  function totals(id, list) {
    draw(id, 'bar',
      list.map(function (t) { return t.key; }),
      list.map(function (t) { return t.total; }),
      { horizontal: true, label: 'count' });
  }

  function render(stats) {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
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

    var status = document.getElementById('status');
    status.className = '';
    status.textContent = stats.installs === 0
      ? 'No heartbeats from ' + stats.from + ' to ' + stats.to + '.'
      : 'Showing ' + stats.from + ' to ' + stats.to + ' (UTC days).';
    document.body.dataset.rendered = 'true';
  }

  function load(query) {
    document.body.dataset.rendered = 'false';
    fetch('/v1/stats' + query, { headers: { Accept: 'application/json' } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) {
            throw new Error(body.message || ('HTTP ' + response.status));
          }
          return body;
        });
      })
      .then(render)
      .catch(function (error) {
        var status = document.getElementById('status');
        status.className = 'error';
        status.textContent = 'Could not load statistics: ' + error.message;
        document.body.dataset.rendered = 'error';
      });
  }

  document.getElementById('range').addEventListener('submit', function (event) {
    event.preventDefault();
    var from = document.getElementById('from').value;
    var to = document.getElementById('to').value;
    load('?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to));
  });

  load('');
}());
