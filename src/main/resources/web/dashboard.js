// The live page: polls the app's /api/ endpoints every few seconds and draws them with ECharts.
// After each chart is drawn its element gets data-points (the number of non-empty data items) and data-range, and
// each counter element gets data-value, so a test (or a curious user) can read what is shown from the DOM.
//
// Every name on the page (event types, user ids, devices, categories) comes from events anyone who can produce to
// Kafka wrote, so it is text, never markup: HTML tooltips are built as DOM nodes with textContent (tip below),
// everything else goes to ECharts' canvas, which draws strings as they are, or to textContent. Never innerHTML, and
// never a formatter that returns a string for an HTML tooltip: ECharts puts such a string in with innerHTML.
// The server's Content-Security-Policy (SecurityHeaders) backs this up. It allows no inline style, so every tooltip
// is confine: true: an unconfined item tooltip shown by dispatchAction gets an arrow, a div with a style attribute.
(function () {
  'use strict';

  var REFRESH_MS = 5000;
  var RANGES = { '15m': 'last 15 min', '1h': 'last hour', '24h': 'last 24 h' };
  var TYPE_COLOURS = {
    login: '#5470c6', view: '#3ba272', like: '#fac858', comment: '#ee6666', share: '#9a60b4', logout: '#73c0de'
  };
  var number = new Intl.NumberFormat('en-US');
  var decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  var range = new URLSearchParams(window.location.search).get('range');
  if (!own(RANGES, range)) {
    range = '15m';
  }

  var charts = {};
  ['event-types', 'volume', 'top-users', 'device-category'].forEach(function (name) {
    charts[name] = echarts.init(document.getElementById('chart-' + name));
  });
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (name) { charts[name].resize(); });
  });

  function getJson(path) {
    return fetch(path, { cache: 'no-store' }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          throw new Error(path.split('?')[0] + ': ' + (body.error || ('HTTP ' + response.status)));
        }
        return body;
      });
    });
  }

  // A tooltip as DOM nodes: a heading line, then a line with a bold amount and the rest; all of it text.
  function tip(heading, amount, rest) {
    var box = document.createElement('div');
    var head = document.createElement('div');
    head.textContent = heading;
    var line = document.createElement('div');
    var bold = document.createElement('b');
    bold.textContent = amount;
    line.appendChild(bold);
    line.appendChild(document.createTextNode(rest));
    box.appendChild(head);
    box.appendChild(line);
    return box;
  }

  // marks a chart as drawn once ECharts has finished rendering it (animation included)
  function drawn(name, points, shownRange) {
    var chart = charts[name];
    chart.off('finished');
    chart.on('finished', function () {
      chart.off('finished');
      var element = document.getElementById('chart-' + name);
      element.setAttribute('data-points', String(points));
      element.setAttribute('data-range', shownRange || '');
    });
  }

  function drawEventTypes(data) {
    var items = data.buckets.filter(function (b) { return b.count > 0; }).map(function (b) {
      return { name: b.key, value: b.count, itemStyle: { color: own(TYPE_COLOURS, b.key) ? TYPE_COLOURS[b.key] : '#91a1b4' } };
    });
    drawn('event-types', items.length, data.range);
    charts['event-types'].setOption({
      tooltip: { trigger: 'item', confine: true, formatter: function (p) {
        return tip(p.name, number.format(p.value), ' events (' + p.percent + ' %)');
      } },
      legend: { orient: 'vertical', right: 16, top: 'middle', icon: 'circle', itemGap: 12,
        formatter: function (name) {
          var item = items.filter(function (i) { return i.name === name; })[0];
          return name + '  ' + number.format(item ? item.value : 0);
        } },
      title: { text: number.format(data.total), subtext: 'events', left: '38%', top: '43%', textAlign: 'center',
        textStyle: { fontSize: 20, fontWeight: 600, color: '#1c2733' }, subtextStyle: { color: '#6b7a8c' } },
      series: [{ type: 'pie', radius: ['42%', '68%'], center: ['38%', '52%'], minShowLabelAngle: 6,
        itemStyle: { borderColor: '#fff', borderWidth: 2 }, labelLayout: { hideOverlap: true },
        label: { formatter: '{b} {d}%', color: '#44505e' }, data: items }]
    }, true);
  }

  function drawVolume(data) {
    var points = data.points.map(function (p) { return [p[0], p[2], p[1]]; });
    drawn('volume', data.points.filter(function (p) { return p[1] > 0; }).length, data.range);
    charts.volume.setOption({
      grid: { left: 56, right: 20, top: 24, bottom: 36 },
      tooltip: { trigger: 'axis', confine: true, formatter: function (params) {
        var p = params[0];
        return tip(new Date(p.value[0]).toLocaleTimeString(), decimal.format(p.value[1]),
          ' events/s (' + number.format(p.value[2]) + ' in ' + data.interval + ')');
      } },
      xAxis: { type: 'time', axisLine: { lineStyle: { color: '#b6c0cc' } } },
      yAxis: { type: 'value', name: 'events/s', nameTextStyle: { color: '#6b7a8c', align: 'left' },
        splitLine: { lineStyle: { color: '#eef1f5' } } },
      series: [{ type: 'line', smooth: true, showSymbol: false, data: points,
        lineStyle: { width: 2, color: '#2f6fde' },
        areaStyle: { color: new echarts.graphic.LinearGradient(0, 0, 0, 1,
          [{ offset: 0, color: 'rgba(47,111,222,0.35)' }, { offset: 1, color: 'rgba(47,111,222,0.02)' }]) } }]
    }, true);
  }

  function drawTopUsers(data) {
    var users = data.users.slice().reverse(); // the busiest on top
    drawn('top-users', data.users.length, data.range);
    charts['top-users'].setOption({
      grid: { left: 100, right: 40, top: 10, bottom: 24 },
      tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'shadow' }, formatter: function (params) {
        var p = params[0];
        return tip(p.name, number.format(p.value), ' events');
      } },
      xAxis: { type: 'value', splitLine: { lineStyle: { color: '#eef1f5' } } },
      yAxis: { type: 'category', data: users.map(function (u) { return u.key; }),
        axisLabel: { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', color: '#44505e' } },
      series: [{ type: 'bar', data: users.map(function (u) { return u.count; }), barMaxWidth: 18,
        itemStyle: { color: '#3ba272', borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', color: '#44505e' } }]
    }, true);
  }

  function drawDeviceCategory(data) {
    drawn('device-category', data.cells.filter(function (c) { return c[2] > 0; }).length, data.range);
    charts['device-category'].setOption({
      grid: { left: 70, right: 20, top: 10, bottom: 70 },
      tooltip: { confine: true, formatter: function (p) {
        return tip(data.devices[p.value[1]] + ' · ' + data.categories[p.value[0]], number.format(p.value[2]), ' events');
      } },
      xAxis: { type: 'category', data: data.categories, splitArea: { show: true },
        axisLabel: { interval: 0, rotate: 30, color: '#44505e' } },
      yAxis: { type: 'category', data: data.devices, splitArea: { show: true }, axisLabel: { color: '#44505e' } },
      visualMap: { min: 0, max: Math.max(1, data.max), calculable: false, orient: 'horizontal', left: 'center',
        bottom: 0, itemHeight: 160, itemWidth: 10, text: ['more', 'fewer'], textStyle: { color: '#6b7a8c' },
        inRange: { color: ['#eef4fd', '#9cc1f2', '#2f6fde', '#173c82'] } },
      series: [{ type: 'heatmap', data: data.cells, label: { show: true, formatter: function (p) {
        return number.format(p.value[2]);
      } }, itemStyle: { borderColor: '#fff', borderWidth: 1 } }]
    }, true);
  }

  // ---- trending, engagement and sessions panels (section #audience) ----------------------------------------
  // /api/trending (its own fixed windows: the last 15 min against the hour before), /api/engagement and
  // /api/sessions (the page's range). Bots are left out unless "include bots" is ticked (?bots=include).
  var AUDIENCE_CHARTS = ['trending', 'session-lengths', 'engagement-category', 'engagement-device'];
  var ACTION_COLOURS = { likes: TYPE_COLOURS.like, comments: TYPE_COLOURS.comment, shares: TYPE_COLOURS.share };
  var percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
  var rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
  AUDIENCE_CHARTS.forEach(function (name) {
    charts[name] = echarts.init(document.getElementById('chart-' + name));
  });
  var botsBox = document.getElementById('include-bots');
  var categoryBox = document.getElementById('trending-category');
  botsBox.checked = new URLSearchParams(window.location.search).get('bots') === 'include';

  function audienceQuery(extra) {
    var params = new URLSearchParams(extra);
    if (botsBox.checked) {
      params.set('bots', 'include');
    }
    var text = params.toString();
    return text ? '?' + text : '';
  }

  // an empty chart says why instead of showing bare axes
  function emptyTitle(empty, text) {
    return { show: empty, text: text, left: 'center', top: 'middle',
      textStyle: { color: '#6b7a8c', fontSize: 13, fontWeight: 400 } };
  }

  function velocityText(article) {
    return article.isNew ? 'new' : '×' + decimal.format(article.velocity);
  }

  function drawTrending(data) {
    var articles = data.articles.slice().reverse(); // the most viewed on top
    drawn('trending', data.articles.length, data.window);
    // what each bar's label says, most viewed first, for a reader of the DOM
    document.getElementById('chart-trending').setAttribute('data-velocities',
      data.articles.map(velocityText).join(' '));
    charts.trending.setOption({
      title: emptyTitle(articles.length === 0, 'no views in the last 15 min'),
      grid: { left: 8, right: 64, top: 10, bottom: 24, containLabel: true }, // long article ids stay whole
      tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'shadow' }, formatter: function (params) {
        var a = articles[params[0].dataIndex];
        return tip(a.article + (a.category ? ' · ' + a.category : ''), number.format(a.views),
          ' views in 15 min (' + decimal.format(a.perMinute) + '/min; previous hour ' + decimal.format(a.previousPerMinute)
          + '/min) · velocity ' + velocityText(a));
      } },
      xAxis: { type: 'value', name: 'views', splitLine: { lineStyle: { color: '#eef1f5' } } },
      yAxis: { type: 'category', data: articles.map(function (a) { return a.article; }),
        axisLabel: { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', color: '#44505e' } },
      series: [{ type: 'bar', barMaxWidth: 18, data: articles.map(function (a) {
        var colour = a.isNew ? TYPE_COLOURS.share : (a.velocity >= 1.5 ? '#ee6666' : '#2f6fde');
        return { value: a.views, itemStyle: { color: colour, borderRadius: [0, 3, 3, 0] } };
      }), label: { show: true, position: 'right', color: '#44505e', formatter: function (p) {
        return velocityText(articles[p.dataIndex]);
      } } }]
    }, true);
  }

  function drawEngagement(name, rows, data) {
    drawn(name, rows.filter(function (r) { return r.views > 0; }).length, data.range);
    charts[name].setOption({
      title: emptyTitle(!rows.some(function (r) { return r.views > 0; }), 'no views in this range'),
      grid: { left: 52, right: 16, top: 30, bottom: 56 },
      legend: { top: 0, right: 8, itemWidth: 12, itemHeight: 8 },
      tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'shadow' }, formatter: function (params) {
        var row = rows[params[0].dataIndex];
        return tip(row.key, number.format(row.views), ' views · ' + ['likes', 'comments', 'shares'].map(function (k) {
          var perView = row[k + 'PerView'];
          return number.format(row[k]) + ' ' + k + ' (' + (perView === null ? '–' : rate.format(perView)) + '/view)';
        }).join(', '));
      } },
      xAxis: { type: 'category', data: rows.map(function (r) { return r.key; }),
        axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0, color: '#44505e' } },
      yAxis: { type: 'value', name: 'per view', nameTextStyle: { color: '#6b7a8c', align: 'left' },
        splitLine: { lineStyle: { color: '#eef1f5' } } },
      series: ['likes', 'comments', 'shares'].map(function (k) {
        return { name: k, type: 'bar', barMaxWidth: 14, itemStyle: { color: ACTION_COLOURS[k] },
          data: rows.map(function (r) { return r[k + 'PerView'] === null ? '-' : r[k + 'PerView']; }) };
      })
    }, true);
  }

  function drawSessions(data) {
    var total = data.lengths.reduce(function (sum, b) { return sum + b.sessions; }, 0);
    drawn('session-lengths', data.lengths.filter(function (b) { return b.sessions > 0; }).length, data.range);
    setCounter('sessions-bounce-rate', data.bounceRate, data.bounceRate === null ? '–' : percent.format(data.bounceRate));
    setCounter('sessions-count', data.sessions, number.format(data.sessions));
    setCounter('sessions-average', data.averageSeconds,
      data.averageSeconds === null ? '–' : decimal.format(data.averageSeconds) + ' s');
    charts['session-lengths'].setOption({
      title: emptyTitle(total === 0, data.available ? 'no sessions in this range'
        : 'no sessions index yet (the sessions route writes it)'),
      grid: { left: 52, right: 16, top: 30, bottom: 40 },
      legend: { top: 0, right: 8, itemWidth: 12, itemHeight: 8 },
      tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'shadow' }, formatter: function (params) {
        var b = data.lengths[params[0].dataIndex];
        return tip(b.label, number.format(b.sessions), ' sessions (' + number.format(b.open) + ' still open)');
      } },
      xAxis: { type: 'category', data: data.lengths.map(function (b) { return b.label; }),
        axisLabel: { interval: 0, color: '#44505e', fontSize: 11 } },
      yAxis: { type: 'value', name: 'sessions', nameTextStyle: { color: '#6b7a8c', align: 'left' },
        minInterval: 1, splitLine: { lineStyle: { color: '#eef1f5' } } },
      series: [
        { name: 'ended', type: 'bar', stack: 'sessions', barMaxWidth: 28, itemStyle: { color: '#3ba272' },
          data: data.lengths.map(function (b) { return b.sessions - b.open; }) },
        { name: 'open', type: 'bar', stack: 'sessions', barMaxWidth: 28, itemStyle: { color: '#9cc1f2' },
          data: data.lengths.map(function (b) { return b.open; }) }]
    }, true);
  }

  function audienceJobs() {
    return [
      getJson('api/trending' + audienceQuery({ category: categoryBox.value })).then(drawTrending),
      getJson('api/engagement' + audienceQuery({ range: range })).then(function (data) {
        drawEngagement('engagement-category', data.categories, data);
        drawEngagement('engagement-device', data.devices, data);
      }),
      getJson('api/sessions' + audienceQuery({ range: range })).then(drawSessions)
    ];
  }

  function audienceChanged() {
    var url = new URL(window.location.href);
    if (botsBox.checked) {
      url.searchParams.set('bots', 'include');
    } else {
      url.searchParams.delete('bots');
    }
    window.history.replaceState(null, '', url);
    refresh();
  }
  botsBox.addEventListener('change', audienceChanged);
  categoryBox.addEventListener('change', function () { refresh(); });
  // ---- end of the trending, engagement and sessions panels -------------------------------------------------

  function setCounter(id, value, text) {
    var element = document.getElementById(id);
    element.setAttribute('data-value', value === null || value === undefined ? '' : String(value));
    element.textContent = text;
  }

  function drawCounters(data) {
    setCounter('counter-indexed', data.indexed, number.format(data.indexed));
    document.getElementById('note-indexed').textContent = data.searchable === null
      ? 'OpenSearch count unavailable' : number.format(data.searchable) + ' searchable in OpenSearch';
    setCounter('counter-dead-lettered', data.deadLettered, number.format(data.deadLettered));
    document.getElementById('card-dead-lettered').classList.toggle('warn', data.deadLettered > 0);
    setCounter('counter-in-rate', data.inPerSecond, decimal.format(data.inPerSecond));
    document.getElementById('note-in').textContent = number.format(data.produced) + ' produced to Kafka';
    setCounter('counter-out-rate', data.outPerSecond, decimal.format(data.outPerSecond));
    if (data.consumerLag === null) {
      setCounter('counter-lag', null, '?');
      document.getElementById('note-lag').textContent = data.consumerLagError || 'unknown';
    } else {
      setCounter('counter-lag', data.consumerLag, number.format(data.consumerLag));
      document.getElementById('note-lag').textContent = 'as of ' + new Date(data.consumerLagAt).toLocaleTimeString();
    }
  }

  function setStatus(state, text) {
    document.getElementById('status').setAttribute('data-state', state);
    document.getElementById('status-text').textContent = text;
  }

  var timer = null;

  function refresh() {
    clearTimeout(timer);
    var q = '?range=' + encodeURIComponent(range);
    var jobs = [
      getJson('api/event-types' + q).then(drawEventTypes),
      getJson('api/volume' + q).then(drawVolume),
      getJson('api/top-users' + q).then(drawTopUsers),
      getJson('api/device-category' + q).then(drawDeviceCategory),
      getJson('api/counters').then(drawCounters)
    ];
    Promise.allSettled(jobs.concat(audienceJobs())).then(function (results) {
      var errors = results.filter(function (r) { return r.status === 'rejected'; })
        .map(function (r) { return r.reason.message; });
      var box = document.getElementById('error');
      box.textContent = errors.join(' · ');
      box.classList.toggle('visible', errors.length > 0);
      var now = new Date().toLocaleTimeString();
      setStatus(errors.length ? 'error' : 'ok', (errors.length ? 'partly failed at ' : 'updated ') + now);
      timer = setTimeout(refresh, REFRESH_MS);
    });
  }

  function selectRange(next) {
    range = next;
    document.querySelectorAll('.ranges button').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-range') === range));
    });
    document.querySelectorAll('.range-label').forEach(function (label) {
      var prefix = label.getAttribute('data-prefix');
      label.textContent = (prefix ? prefix + ' · ' : '') + RANGES[range];
    });
    var url = new URL(window.location.href);
    url.searchParams.set('range', range);
    window.history.replaceState(null, '', url);
    refresh();
  }

  // ---- accuracy panel (/api/accuracy, AccuracyMonitor): the generators' ground truth per minute against indexed +
  // dead-lettered. Polls on its own, so a slow or failing answer never holds up the other panels. Every figure goes
  // to textContent or the canvas; the chaos kind names come from record headers, so they are text too.
  function accuracyPanel() {
    var chart = echarts.init(document.getElementById('chart-accuracy'));
    window.addEventListener('resize', function () { chart.resize(); });

    function figure(id, value, text, state) {
      var element = document.getElementById(id);
      element.setAttribute('data-value', value === null || value === undefined ? '' : String(value));
      element.setAttribute('data-state', state || '');
      element.textContent = text;
    }

    function kinds(counts) {
      return Object.keys(counts).map(function (k) { return k + ' ' + number.format(counts[k]); }).join(', ');
    }

    function draw(data) {
      var t = data.totals || {};
      var minutes = data.minutes || [];
      var chaosIn = 0;
      var chaosDead = 0;
      Object.keys(t.chaos || {}).forEach(function (k) { if (k !== 'duplicate' && k !== 'late') { chaosIn += t.chaos[k]; } });
      Object.keys(t.deadLetteredChaos || {}).forEach(function (k) { chaosDead += t.deadLetteredChaos[k]; });
      figure('accuracy-sent', t.sent, minutes.length ? number.format(t.sent) : '–');
      figure('accuracy-indexed', t.indexed, minutes.length ? number.format(t.indexed) : '–');
      figure('accuracy-dead-lettered', t.deadLettered, minutes.length ? number.format(t.deadLettered) : '–');
      figure('accuracy-missing', t.missing, minutes.length ? number.format(t.missing) : '–', t.missing > 0 ? 'bad' : 'ok');
      figure('accuracy-extra', t.extra, minutes.length ? number.format(t.extra) : '–', t.extra > 0 ? 'bad' : 'ok');
      figure('accuracy-accounted', t.accountedPercent, minutes.length ? decimal.format(t.accountedPercent) + ' %' : '–');
      figure('accuracy-chaos', chaosIn + '/' + chaosDead, minutes.length ? number.format(chaosIn) + ' / ' + number.format(chaosDead) : '–',
        chaosIn === chaosDead ? '' : 'bad');
      var note = data.pending || data.error || '';
      if (!note && minutes.length) {
        note = (t.runs || 0) + ' generator run(s); chaos ' + (kinds(t.chaos || {}) || 'off')
          + (t.untracked ? '; ' + number.format(t.untracked) + ' documents in minutes without ground truth' : '')
          + '; the newest minute settles about 20 s after it ends';
      }
      document.getElementById('accuracy-note').textContent = note;

      var times = minutes.map(function (m) { return m.minute; });
      chart.off('finished');
      chart.on('finished', function () {
        chart.off('finished');
        var element = document.getElementById('chart-accuracy');
        element.setAttribute('data-points', String(minutes.length));
        element.setAttribute('data-missing', String(t.missing || 0));
      });
      chart.setOption({
        grid: { left: 56, right: 20, top: 30, bottom: 30 },
        legend: { top: 0, data: ['indexed', 'dead-lettered', 'missing', 'expected'] },
        tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'shadow' }, formatter: function (params) {
          var m = minutes[params[0].dataIndex];
          return tip(new Date(m.minute).toLocaleTimeString(), number.format(m.indexed + m.deadLettered),
            ' of ' + number.format(m.expected) + ' accounted (' + number.format(m.indexed) + ' indexed, '
            + number.format(m.deadLettered) + ' dead-lettered, ' + number.format(m.missing) + ' missing)');
        } },
        xAxis: { type: 'category', data: times.map(function (ms) {
          return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        }) },
        yAxis: { type: 'value', splitLine: { lineStyle: { color: '#eef1f5' } } },
        series: [
          { name: 'indexed', type: 'bar', stack: 'found', data: minutes.map(function (m) { return m.indexed; }),
            itemStyle: { color: '#3ba272' } },
          { name: 'dead-lettered', type: 'bar', stack: 'found', data: minutes.map(function (m) { return m.deadLettered; }),
            itemStyle: { color: '#fac858' } },
          { name: 'missing', type: 'bar', stack: 'found',
            data: minutes.map(function (m) { return m.settled ? Math.max(0, m.missing) : 0; }), itemStyle: { color: '#c8413b' } },
          { name: 'expected', type: 'line', data: minutes.map(function (m) { return m.expected; }), symbolSize: 6,
            lineStyle: { color: '#2f6fde', width: 2 } }
        ]
      }, true);
    }

    function poll() {
      getJson('api/accuracy').then(draw, function (error) {
        document.getElementById('accuracy-note').textContent = error.message;
      }).then(function () { setTimeout(poll, REFRESH_MS); });
    }
    poll();
  }
  accuracyPanel();

  document.querySelectorAll('.ranges button').forEach(function (button) {
    button.addEventListener('click', function () { selectRange(button.getAttribute('data-range')); });
  });
  selectRange(range);
}());
