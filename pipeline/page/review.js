/* The review page: every section drawn from the data embedded in the page, under the filters.
   Text from reports is only ever set as text (textContent), never parsed as HTML. */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('data').textContent);
  var COL = {};
  D.columns.forEach(function (c, i) { COL[c] = i; });
  var N = D.rows.length, PAGE = 100, TABLE_PAGE = 200;
  var manyDocs = D.docs.length > 1;
  var docIndex = {};
  D.docs.forEach(function (d, k) { docIndex[d.id] = k; });
  var attention = {};
  D.attention.forEach(function (f) { attention[f] = true; });
  var PROGRESS = {on_track: '按进度已达标,全年目标尚未完成', behind: '进度滞后于按月折算的目标'};
  var DEFAULTS = {status: 'unmet', doc: '', unit: '', flag: '', source: '', q: '', sort: 'rank'};
  var F = Object.assign({}, DEFAULTS);
  var controls = {status: 'f-status', doc: 'f-doc', unit: 'f-unit', flag: 'f-flag',
                  source: 'f-source', q: 'f-search', sort: 'f-sort'};

  function $(id) { return document.getElementById(id); }
  function make(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'onclick') node.addEventListener('click', attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function val(i, column) { var k = COL[column]; return k === undefined ? '' : D.rows[i][k]; }
  function lab(column, code) { var t = D.labels[column]; return (t && t[code]) || code; }
  function flagsOf(i) { var f = val(i, 'flags'); return f ? f.split(';') : []; }
  function num(text) { return text === '' || text === null || text === undefined ? null : Number(text); }
  function docName(id) { var k = docIndex[id]; return k === undefined ? id : D.docs[k].name; }
  function unitName(u) {
    var unit = D.units[u];
    return manyDocs ? unit[1] + '(' + docName(unit[0]) + ')' : unit[1];
  }
  function plain(x) { return String(Number(x.toFixed(2))); }
  function scaled(text, unit) {
    var v = num(text);
    if (v === null) return '—';
    unit = unit || '';
    if (unit !== '%' && unit !== '百分点') {
      if (Math.abs(v) >= 1e8) return plain(v / 1e8) + '亿' + unit;
      if (Math.abs(v) >= 1e4) return plain(v / 1e4) + '万' + unit;
    }
    return text.replace(/^(-?\d+)\.(\d*?)0+$/, '$1.$2').replace(/\.$/, '') + unit;
  }
  function percent(text) { var v = num(text); return v === null ? '' : (v * 100).toFixed(1) + '%'; }
  function points(text) {
    var v = num(text);
    return v === null ? '' : (v > 0 ? '+' : '') + text.replace(/^\+/, '') + ' 个百分点';
  }
  function count(n, what) { return make('b', {'data-count': what, text: String(n)}); }

  /* ---------- filters ---------- */
  var haystacks = null;
  function haystack(i) {
    if (!haystacks) haystacks = new Array(N);
    if (haystacks[i] === undefined) {
      var cells = D.tasks[D.rowTask[i]];
      haystacks[i] = [val(i, 'metric'), val(i, 'target_text'), val(i, 'actual_text'), val(i, 'note'),
                      val(i, 'lead_units'), val(i, 'task_id'), D.rowLabel[i], docName(val(i, 'doc_id')),
                      cells[0], cells[1]].join('\n').toLowerCase();
    }
    return haystacks[i];
  }
  function passes(i, ignoreStatus) {
    var status = val(i, 'status');
    if (!ignoreStatus && (F.status === 'unmet' ? status === 'met' : (F.status && status !== F.status))) return false;
    if (F.doc && val(i, 'doc_id') !== F.doc) return false;
    if (F.unit !== '' && D.rowUnits[i].indexOf(Number(F.unit)) < 0) return false;
    if (F.flag) {
      var flags = flagsOf(i);
      if (F.flag === '*' ? !flags.some(function (f) { return attention[f]; }) : flags.indexOf(F.flag) < 0) return false;
    }
    if (F.source && val(i, 'source') !== F.source) return false;
    if (F.q && haystack(i).indexOf(F.q.toLowerCase()) < 0) return false;
    return true;
  }
  function sortKey() {
    var by = F.sort.replace(/^-/, ''), down = F.sort.charAt(0) === '-';
    if (by === 'order') return function (a, b) { return a - b; };
    if (by === 'rank') return function (a, b) { return D.rowRank[a] - D.rowRank[b]; };
    return function (a, b) {
      var x = num(val(a, by)), y = num(val(b, by));
      if (x === null || y === null) return (x === null) - (y === null) || D.rowRank[a] - D.rowRank[b];
      return (down ? y - x : x - y) || D.rowRank[a] - D.rowRank[b];
    };
  }
  function readHash() {
    F = Object.assign({}, DEFAULTS);
    location.hash.replace(/^#/, '').split('&').forEach(function (part) {
      var kv = part.split('=');
      if (kv.length === 2 && Object.prototype.hasOwnProperty.call(DEFAULTS, kv[0])) {
        try { F[kv[0]] = decodeURIComponent(kv[1]); } catch (e) { /* a malformed link: ignore */ }
      }
    });
    Object.keys(controls).forEach(function (k) { $(controls[k]).value = F[k]; });
    Object.keys(controls).forEach(function (k) { if ($(controls[k]).value !== F[k]) F[k] = DEFAULTS[k]; });
  }
  function writeHash() {
    var parts = Object.keys(DEFAULTS).filter(function (k) { return F[k] !== DEFAULTS[k]; })
      .map(function (k) { return k + '=' + encodeURIComponent(F[k]); });
    var hash = parts.length ? '#' + parts.join('&') : ' ';
    if (history.replaceState) history.replaceState(null, '', hash === ' ' ? location.pathname + location.search : hash);
  }
  function describe() {
    var out = [];
    var statusText = F.status === 'unmet' ? '需关注(非达标)' : F.status ? lab('status', F.status) : '全部';
    out.push('状态:' + statusText);
    if (F.doc) out.push('报告:' + docName(F.doc));
    if (F.unit !== '') out.push('牵头单位:' + unitName(Number(F.unit)));
    if (F.flag) out.push('标记:' + (F.flag === '*' ? '任一需关注标记' : lab('flags', F.flag)));
    if (F.source) out.push('判定来源:' + lab('source', F.source));
    if (F.q) out.push('搜索:' + F.q);
    return out.join(';');
  }

  /* ---------- sections ---------- */
  var selection = [], entries = [], cardsShown = 0, flaggedRows = [], flaggedShown = 0;
  var flaggedSort = {column: null, down: false};

  function statusCounts(rows) {
    var counts = {};
    D.statuses.forEach(function (s) { counts[s] = 0; });
    rows.forEach(function (i) { counts[val(i, 'status')] += 1; });
    return counts;
  }
  function stacked(counts, total, peak) {
    var bar = make('div', {class: 'bar'});
    D.statuses.forEach(function (s) {
      if (counts[s]) {
        bar.appendChild(make('span', {style: 'width:' + (100 * counts[s] / peak).toFixed(3) + '%;background:' + D.colours[s],
                                      title: lab('status', s) + ' ' + counts[s]}));
      }
    });
    return bar;
  }
  function legend() {
    var node = make('p', {class: 'legend hint'});
    D.statuses.forEach(function (s) {
      node.appendChild(make('span', {style: 'background:' + D.colours[s]}));
      node.appendChild(document.createTextNode(lab('status', s)));
    });
    return node;
  }
  function shownLine() {
    var cards = 0, shared = 0;
    selection.forEach(function (i) {
      var n = F.unit !== '' ? 1 : D.rowUnits[i].length;
      cards += n;
      if (D.rowUnits[i].length > 1) shared += 1;
    });
    var line = clear($('shown'));
    line.appendChild(document.createTextNode('显示 '));
    line.appendChild(count(selection.length, 'shown'));
    line.appendChild(document.createTextNode(' 项目标(全部 '));
    line.appendChild(count(N, 'all'));
    line.appendChild(document.createTextNode(' 项)'));
    if (cards !== selection.length) {
      line.appendChild(document.createTextNode(',卡片 '));
      line.appendChild(count(cards, 'cards'));
      line.appendChild(document.createTextNode(' 张:其中 ' + shared + ' 项由多个单位共同牵头,在每个牵头单位下各列一张'));
    }
    line.appendChild(document.createTextNode('。筛选:' + describe() + '。'));
  }
  function overview() {
    var base = [];
    for (var i = 0; i < N; i++) if (passes(i, true)) base.push(i);
    var counts = statusCounts(base), body = clear($('overview-body'));
    var tasks = D.docs.filter(function (d) { return !F.doc || d.id === F.doc; })
      .reduce(function (n, d) { return n + d.tasks; }, 0);
    var intro = make('p', {}, [String(F.doc ? 1 : D.docs.length) + ' 份报告,' + tasks + ' 项任务;在状态以外的筛选条件下共 ',
                               count(base.length, 'overview-total'), ' 项数字目标(每项目标计一次)。点击状态只看该状态:']);
    body.appendChild(intro);
    var chips = make('div', {class: 'chips'});
    D.statuses.forEach(function (s) {
      var on = F.status === s || (F.status === 'unmet' && s !== 'met') || F.status === '';
      chips.appendChild(make('button', {type: 'button', class: 'chip' + (on ? '' : ' off'), style: 'background:' + D.colours[s],
                                         onclick: function () { set('status', F.status === s ? '' : s); }},
                             [lab('status', s), count(counts[s], 'status-' + s)]));
    });
    body.appendChild(chips);
    body.appendChild(stacked(counts, base.length, Math.max(base.length, 1)));
  }
  function units() {
    var body = clear($('units-body'));
    var per = D.units.map(function () { return null; });
    selection.forEach(function (i) {
      D.rowUnits[i].forEach(function (u) {
        if (F.unit !== '' && u !== Number(F.unit)) return;
        if (!per[u]) per[u] = {n: 0, shared: 0, counts: statusCounts([])};
        per[u].n += 1;
        per[u].counts[val(i, 'status')] += 1;
        if (D.rowUnits[i].length > 1) per[u].shared += 1;
      });
    });
    var peak = per.reduce(function (m, p) { return p ? Math.max(m, p.n) : m; }, 1);
    var grid = make('div', {class: 'bars'}), lastDoc = null, any = false;
    per.forEach(function (p, u) {
      if (!p) return;
      any = true;
      if (manyDocs && D.units[u][0] !== lastDoc) {
        lastDoc = D.units[u][0];
        grid.appendChild(make('strong', {style: 'grid-column:1/-1', text: docName(lastDoc)}));
      }
      grid.appendChild(make('span', {class: 'name', title: '只看该单位', text: D.units[u][1],
                                     onclick: function () { set('unit', String(u)); }}));
      var bar = stacked(p.counts, p.n, peak);
      bar.appendChild(make('em', {}, [count(p.n, 'unit-' + u), ' 项(未达标 ' + p.counts.missed +
                                      (p.shared ? ',其中共同牵头 ' + p.shared : '') + ')']));
      grid.appendChild(bar);
    });
    body.appendChild(any ? grid : make('p', {text: '没有符合筛选条件的目标。'}));
    body.appendChild(legend());
  }
  function buildEntries() {
    entries = [];
    var byUnit = D.units.map(function () { return []; });
    selection.forEach(function (i) {
      D.rowUnits[i].forEach(function (u) { if (F.unit === '' || u === Number(F.unit)) byUnit[u].push(i); });
    });
    var order = sortKey();
    byUnit.forEach(function (rows, u) {
      rows.sort(order).forEach(function (i) { entries.push([u, i]); });
    });
  }
  function mark(cell, start, end, css, more) {
    // more: a second span to mark in the same cell (a target named in the completion cell)
    var spans = [[num(start), num(end), css]].concat(more ? [more] : [])
      .filter(function (s) { return s[0] !== null && s[1] !== null; })
      .sort(function (x, y) { return x[0] - y[0]; });
    var node = make('span'), pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) return;
      node.appendChild(document.createTextNode(cell.slice(pos, s[0])));
      node.appendChild(make('mark', {class: s[2], text: cell.slice(s[0], s[1])}));
      pos = s[1];
    });
    node.appendChild(document.createTextNode(cell.slice(pos)));
    return node;
  }
  function card(u, i, id) {
    var status = val(i, 'status'), flags = flagsOf(i), cells = D.tasks[D.rowTask[i]];
    var node = make('article', {class: 'card', id: id, 'data-row': String(i), 'data-status': status,
                                'data-unit': String(u), style: 'border-left-color:' + D.colours[status]});
    var title = make('h4', {}, [make('span', {class: 'badge', style: 'background:' + D.colours[status], text: lab('status', status)})]);
    flags.forEach(function (f) { if (PROGRESS[f]) title.appendChild(make('span', {class: 'qual', text: PROGRESS[f]})); });
    title.appendChild(document.createTextNode((manyDocs ? docName(val(i, 'doc_id')) + ' ' : '') + D.rowLabel[i] + ' · ' + val(i, 'metric')));
    node.appendChild(title);
    var details = [];
    var target = val(i, 'target_text') + '(' + lab('comparator', val(i, 'comparator'));
    var inUnit = val(i, 'target_value') !== '' ? scaled(val(i, 'target_value'), val(i, 'unit')) : '';
    if (inUnit && inUnit !== val(i, 'target_text')) target += ',即 ' + inUnit;
    if (val(i, 'target_upper') !== '') target += ' 至 ' + scaled(val(i, 'target_upper'), val(i, 'unit'));
    details.push(['目标', target + ')']);
    var actual = val(i, 'actual_text');
    details.push(['完成', actual || '未报告数据']);
    if (actual) details.push(['统计期', lab('period', val(i, 'period')) || '—']);
    var months = num(val(i, 'period_months'));
    if (val(i, 'pro_rata_target') !== '' && months !== null && months < 12 &&
        (status === 'partial_period' || status === 'met' || status === 'missed')) {
      details.push(['按进度应完成', scaled(val(i, 'pro_rata_target'), val(i, 'unit'))]);
    }
    if (D.rowGap[i] !== null) details.push(['差距', points(D.rowGap[i])]);
    else if (val(i, 'attainment') !== '') details.push(['完成度', percent(val(i, 'attainment'))]);
    details.push(['指标类型', lab('kind', val(i, 'kind'))]);
    var confidence = num(val(i, 'confidence'));
    var judged = make('span', {}, [lab('source', val(i, 'source')) + ',置信度 ' + (confidence === null ? '—' : confidence.toFixed(2))]);
    if (flags.indexOf('review') >= 0) judged.appendChild(make('span', {class: 'low', text: ' · 配对需复核'}));
    details.push(['判定', judged]);
    var unitsText = D.rowUnits[i].map(function (k) { return D.units[k][1]; }).join('、');
    if (D.rowUnits[i].length > 1) unitsText += '(共同牵头:在每个牵头单位下各列一次)';
    details.push(['牵头单位', unitsText]);
    var dl = make('dl');
    details.forEach(function (d) { dl.appendChild(make('dt', {text: d[0]})); dl.appendChild(make('dd', {}, [d[1]])); });
    node.appendChild(dl);
    flags.forEach(function (f) {
      if (!PROGRESS[f] && f !== 'review') node.appendChild(make('span', {class: 'flag', text: lab('flags', f)}));
    });
    var inCompletion = flags.indexOf('target_in_completion_cell') >= 0;
    var named = inCompletion ? [num(val(i, 'target_start')), num(val(i, 'target_end')), 't'] : null;
    node.appendChild(make('p', {class: 'cell'}, [make('b', {text: '目标原文'}),
      inCompletion ? make('span', {text: cells[0]})
                   : mark(cells[0], val(i, 'target_start'), val(i, 'target_end'), 't')]));
    node.appendChild(make('p', {class: 'cell'}, [make('b', {text: '完成情况原文'}),
      actual || named ? mark(cells[1], actual ? val(i, 'actual_start') : null,
                             actual ? val(i, 'actual_end') : null, 'a', named)
                      : make('span', {text: cells[1]})]));
    if (val(i, 'note')) node.appendChild(make('p', {class: 'note', text: '说明:' + val(i, 'note')}));
    return node;
  }
  var cardIds = {};
  function renderCards(upTo) {
    var body = $('cards-body');
    if (upTo === 0) { clear(body); cardsShown = 0; cardIds = {}; }
    var limit = Math.min(upTo || cardsShown + PAGE, entries.length);
    if (upTo === 0) limit = Math.min(PAGE, entries.length);
    var lastDoc = cardsShown ? D.units[entries[cardsShown - 1][0]][0] : null;
    var lastUnit = cardsShown ? entries[cardsShown - 1][0] : null;
    for (var k = cardsShown; k < limit; k++) {
      var u = entries[k][0], i = entries[k][1];
      if (D.units[u][0] !== lastDoc) {
        lastDoc = D.units[u][0];
        var docRows = selection.filter(function (r) { return val(r, 'doc_id') === lastDoc; });
        body.appendChild(make('h3', {class: 'report'}, [docName(lastDoc) + ' ', make('small', {text: '(报告文件 ' + lastDoc + ',' + docRows.length + ' 项目标)'})]));
      }
      if (u !== lastUnit) {
        lastUnit = u;
        var rows = entries.filter(function (e) { return e[0] === u; });
        var missed = rows.filter(function (e) { return val(e[1], 'status') === 'missed'; }).length;
        body.appendChild(make('h3', {}, [D.units[u][1] + ' ', make('small', {text: '(' + rows.length + ' 项,其中未达标 ' + missed + ' 项)'})]));
        if (D.units[u][1] === D.unlisted[0]) body.appendChild(make('p', {class: 'hint', text: D.unlisted[1]}));
      }
      var id = cardIds[i] ? 'card-' + i + '-u' + u : 'card-' + i;
      cardIds[i] = true;
      body.appendChild(card(u, i, id));
    }
    cardsShown = limit;
    if (!entries.length) body.appendChild(make('p', {text: '没有符合筛选条件的目标。'}));
    var more = $('cards-more'), left = entries.length - cardsShown;
    more.classList.toggle('hidden', left <= 0);
    more.textContent = '再显示 ' + Math.min(PAGE, left) + ' 张(还有 ' + left + ' 张)';
  }
  function showCard(i) {
    if (!cardIds[i]) {
      var at = entries.findIndex(function (e) { return e[1] === i; });
      if (at < 0) return;
      renderCards(at + 1);
    }
    var node = $('card-' + i);
    if (!node) return;
    document.querySelectorAll('.card.focus').forEach(function (c) { c.classList.remove('focus'); });
    node.classList.add('focus');
    node.scrollIntoView({block: 'center'});
  }
  var FLAGGED = [['task', '任务'], ['metric', '指标'], ['status', '状态'], ['flags', '标记'],
                 ['actual_text', '完成数原文'], ['confidence', '置信度'], ['note', '说明']];
  function flaggedValue(i, column) {
    if (column === 'task') return D.rowRank[i];
    if (column === 'confidence') return num(val(i, column));
    if (column === 'status') return D.statuses.indexOf(val(i, column));
    return val(i, column);
  }
  function renderFlagged(reset) {
    var body = $('flagged-body');
    if (reset) {
      flaggedRows = selection.filter(function (i) { return flagsOf(i).some(function (f) { return attention[f]; }); });
      if (flaggedSort.column) {
        var c = flaggedSort.column, s = flaggedSort.down ? -1 : 1;
        flaggedRows.sort(function (a, b) {
          var x = flaggedValue(a, c), y = flaggedValue(b, c);
          return (x < y ? -s : x > y ? s : 0) || D.rowRank[a] - D.rowRank[b];
        });
      } else {
        flaggedRows.sort(function (a, b) { return D.rowRank[a] - D.rowRank[b]; });
      }
      flaggedShown = 0;
      clear(body);
      body.appendChild(make('p', {}, ['筛选范围内带需关注标记的目标 ', count(flaggedRows.length, 'flagged'), ' 项。']));
      if (!flaggedRows.length) { $('flagged-more').classList.add('hidden'); return; }
      var table = make('table', {id: 'flagged-table'}), head = make('tr');
      FLAGGED.forEach(function (f) {
        head.appendChild(make('th', {class: 'sortable', text: f[1], onclick: function () {
          flaggedSort = {column: f[0], down: flaggedSort.column === f[0] ? !flaggedSort.down : false};
          renderFlagged(true);
        }}));
      });
      table.appendChild(make('thead', {}, [head]));
      body.appendChild(table);
    }
    var tableNode = $('flagged-table');
    var limit = Math.min(flaggedShown + TABLE_PAGE, flaggedRows.length);
    for (var k = flaggedShown; k < limit; k++) {
      var i = flaggedRows[k];
      var link = make('a', {href: '#card-' + i, text: (manyDocs ? docName(val(i, 'doc_id')) + ' ' : '') + D.rowLabel[i]});
      link.addEventListener('click', (function (row) { return function (e) { e.preventDefault(); showCard(row); }; })(i));
      var flags = make('td');
      flagsOf(i).filter(function (f) { return attention[f]; })
        .forEach(function (f) { flags.appendChild(make('span', {class: 'flag', text: lab('flags', f)})); });
      tableNode.appendChild(make('tr', {}, [make('td', {}, [link]), make('td', {text: val(i, 'metric')}),
        make('td', {text: lab('status', val(i, 'status'))}), flags, make('td', {text: val(i, 'actual_text')}),
        make('td', {class: 'num', text: val(i, 'confidence')}), make('td', {text: val(i, 'note')})]));
    }
    flaggedShown = limit;
    var more = $('flagged-more'), left = flaggedRows.length - flaggedShown;
    more.classList.toggle('hidden', left <= 0);
    more.textContent = '再显示 ' + Math.min(TABLE_PAGE, left) + ' 行(还有 ' + left + ' 行)';
  }
  function documents() {
    var body = clear($('documents-body'));
    var all = {}, chosen = {};
    D.docs.forEach(function (d) { all[d.id] = 0; chosen[d.id] = []; });
    for (var i = 0; i < N; i++) all[val(i, 'doc_id')] += 1;
    selection.forEach(function (r) { chosen[val(r, 'doc_id')].push(r); });
    var table = make('table'), head = make('tr');
    ['报告', '报告文件', '版式', '报告期', '任务数', '目标数(筛选/全部)'].concat(D.statuses.map(function (s) { return lab('status', s); }))
      .forEach(function (h) { head.appendChild(make('th', {text: h})); });
    table.appendChild(make('thead', {}, [head]));
    D.docs.forEach(function (d) {
      if (F.doc && d.id !== F.doc) return;
      var counts = statusCounts(chosen[d.id]);
      var cells = [d.title || '(无标题)', d.id, d.layout, d.period || '—', d.tasks, chosen[d.id].length + ' / ' + all[d.id]]
        .concat(D.statuses.map(function (s) { return counts[s]; }));
      table.appendChild(make('tr', {}, cells.map(function (c) {
        return make('td', {class: typeof c === 'number' ? 'num' : '', text: String(c)});
      })));
    });
    body.appendChild(table);
  }
  function validation() {
    var body = clear($('validation-body'));
    var passed = D.checks.every(function (c) { return c.success; });
    body.appendChild(make('p', {}, ['全部 ' + D.checks.length + ' 项检查:',
      make('span', {class: passed ? 'ok' : 'fail', text: passed ? '全部通过' : '有未通过项'})]));
    var inSelection = {};
    selection.forEach(function (i) { inSelection[i] = true; });
    var table = make('table'), head = make('tr');
    ['表', '检查', '列', '结果', '未通过的行(筛选范围内)'].forEach(function (h) { head.appendChild(make('th', {text: h})); });
    table.appendChild(make('thead', {}, [head]));
    D.checks.forEach(function (c) {
      var rows = make('td');
      if (c.rows.length) {
        if (c.table === 'metrics') {
          var shown = c.rows.filter(function (r) { return inSelection[r]; });
          shown.slice(0, 20).forEach(function (r) {
            var link = make('a', {href: '#card-' + r, text: D.rowLabel[r] + ' ' + val(r, 'metric')});
            link.addEventListener('click', function (e) { e.preventDefault(); showCard(r); });
            rows.appendChild(link);
            rows.appendChild(document.createTextNode(' '));
          });
          rows.appendChild(document.createTextNode('(' + shown.length + ' / ' + c.rows.length + ')'));
        } else {
          rows.textContent = c.rows.map(function (r) { return '第 ' + (r + 1) + ' 行'; }).join('、');
        }
      }
      table.appendChild(make('tr', {}, [make('td', {text: D.tableLabels[c.table] || c.table}),
        make('td', {text: D.checkLabels[c.check] || c.check}), make('td', {text: D.headers[c.column] || c.column || '(整表)'}),
        make('td', {class: c.success ? 'ok' : 'fail', text: c.success ? '通过' : '未通过'}), rows]));
    });
    body.appendChild(table);
  }

  /* ---------- export ---------- */
  function csvField(text, numeric) {
    if (!numeric && text && D.unsafe.indexOf(text.charAt(0)) >= 0) text = "'" + text;
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function exportCsv() {
    var lines = [D.columns.join(',')];
    selection.slice().sort(function (a, b) { return a - b; }).forEach(function (i) {
      lines.push(D.rows[i].map(function (v, k) { return csvField(v, D.numeric[k]); }).join(','));
    });
    return '\ufeff' + lines.join('\n') + '\n';
  }
  function download() {
    var blob = new Blob([exportCsv()], {type: 'text/csv;charset=utf-8'});
    var link = make('a', {href: URL.createObjectURL(blob), download: 'metrics-筛选结果.csv'});
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  /* ---------- wiring ---------- */
  function apply() {
    selection = [];
    for (var i = 0; i < N; i++) if (passes(i, false)) selection.push(i);
    shownLine();
    overview();
    buildEntries();
    renderCards(0);
    units();
    renderFlagged(true);
    documents();
    validation();
  }
  function set(key, value) {
    F[key] = value;
    $(controls[key]).value = value;
    writeHash();
    apply();
  }
  function options() {
    var docSelect = $('f-doc'), unitSelect = $('f-unit'), flagSelect = $('f-flag');
    D.docs.forEach(function (d) { docSelect.appendChild(make('option', {value: d.id, text: d.name})); });
    var groups = {};
    D.units.forEach(function (unit, u) {
      var parent = unitSelect;
      if (manyDocs) {
        if (!groups[unit[0]]) { groups[unit[0]] = make('optgroup', {label: docName(unit[0])}); unitSelect.appendChild(groups[unit[0]]); }
        parent = groups[unit[0]];
      }
      parent.appendChild(make('option', {value: String(u), text: unit[1]}));
    });
    var present = {};
    for (var i = 0; i < N; i++) flagsOf(i).forEach(function (f) { present[f] = true; });
    Object.keys(D.labels.flags).forEach(function (f) {
      if (present[f]) flagSelect.appendChild(make('option', {value: f, text: D.labels.flags[f]}));
    });
  }
  options();
  readHash();
  var timer = null;
  Object.keys(controls).forEach(function (key) {
    var node = $(controls[key]);
    node.addEventListener(key === 'q' ? 'input' : 'change', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { F[key] = node.value; writeHash(); apply(); }, key === 'q' ? 150 : 0);
    });
  });
  $('f-reset').addEventListener('click', function () { location.hash = ''; readHash(); writeHash(); apply(); });
  $('f-export').addEventListener('click', download);
  $('cards-more').addEventListener('click', function () { renderCards(); });
  $('flagged-more').addEventListener('click', function () { renderFlagged(false); });
  window.addEventListener('hashchange', function () { readHash(); apply(); });
  window.addEventListener('beforeprint', function () {
    if (cardsShown < entries.length) renderCards(entries.length);
    if (flaggedShown < flaggedRows.length) { flaggedShown = flaggedShown || 0; while (flaggedShown < flaggedRows.length) renderFlagged(false); }
  });
  apply();
  /* For scripts and tests: apply filters (missing keys take their defaults) and draw every card. */
  window.reviewPage = {
    exportCsv: exportCsv,
    show: function (filters) {
      F = Object.assign({}, DEFAULTS, filters || {});
      Object.keys(controls).forEach(function (k) { $(controls[k]).value = F[k]; });
      apply();
      renderCards(entries.length);
      while (flaggedShown < flaggedRows.length) renderFlagged(false);
      return selection.slice();
    }
  };
})();
