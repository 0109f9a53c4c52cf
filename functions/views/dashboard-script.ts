/**
 * The dashboard's two scripts, served by the platform itself (GET /assets/…, functions/assets.ts):
 * Apache ECharts (the npm package's `dist/echarts.min.js`, pinned in package.json) and the page
 * script below, which draws each chart from the JSON the page embeds
 * (`<script type="application/json" id="dashboard-data">`). The page loads them by their
 * addresses here, with a version in the address (cached for a year) and their Subresource
 * Integrity hash; the Content-Security-Policy of that page adds `'self'` to its scripts.
 *
 * The script only enhances: every figure is in the page's tables without it. It draws charts with
 * the SVG renderer (crisp in print), right to left in Arabic (categories from the right, value
 * axis on the right, bars growing leftwards; ECharts places every text itself, so the chart's box
 * is `direction: ltr` in the page's style), marks hidden values with the page's hidden mark (never
 * a 0), redraws on resize and for printing, shows the print button, and leaves empty filters out of
 * the address when the form is sent.
 */
import { createHash } from 'node:crypto';

/** The ECharts release package.json pins (a unit test checks both against node_modules). */
export const ECHARTS_VERSION = '6.1.0';
/** Subresource Integrity of that release's `dist/echarts.min.js`. */
export const ECHARTS_INTEGRITY = 'sha384-C2iskrW/uPW46KzOjrvJIQo4YkV8lkD+QS0CrDN18IIPIpT/g2USu8bTP3nvmIAD';
/** Where ECharts is served from (the file, in the npm package and in the assets function's bundle). */
export const ECHARTS_FILE = 'echarts/dist/echarts.min.js';
export const ECHARTS_PATH = '/assets/echarts.min.js';

export const DASHBOARD_SCRIPT = `(function () {
  'use strict';
  var source = document.getElementById('dashboard-data');
  var each = function (list, f) { Array.prototype.forEach.call(list || [], f); };
  var form = document.querySelector('form[data-filters]');
  if (form) {
    // Only the filters chosen go into the address, so a shared link says what it shows.
    form.addEventListener('submit', function () {
      each(form.querySelectorAll('select, input'), function (field) {
        if (field.value === '') field.disabled = true;
      });
    });
    window.addEventListener('pageshow', function () {
      each(form.querySelectorAll('select, input'), function (field) { field.disabled = false; });
    });
  }
  each(document.querySelectorAll('[data-print]'), function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
  if (!source || !window.echarts) return;
  var data;
  try { data = JSON.parse(source.textContent || '{}'); } catch (error) { return; }
  var rtl = document.documentElement.getAttribute('dir') === 'rtl';
  var number = new Intl.NumberFormat(data.locale);
  var percent = new Intl.NumberFormat(data.locale, { style: 'percent', maximumFractionDigits: 1 });
  var font = window.getComputedStyle(document.body).fontFamily;
  var colors = ['#0b6e4f', '#b35c00', '#3b5ba5'];
  var drawn = [];
  function shown(value, unit) {
    if (value === null || value === undefined) return data.hidden;
    return unit === '%' ? percent.format(value / 100) : number.format(value);
  }
  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  }
  // A hidden value: no bar (nothing to draw), the hidden mark where it would start; a gap in a line.
  function point(value, spec) {
    if (value !== null) return value;
    if (spec.kind === 'line') return null;
    var bars = spec.kind === 'bars';
    return {
      value: 0,
      hiddenValue: true,
      label: {
        show: true,
        formatter: data.hidden,
        position: bars ? (rtl ? 'left' : 'right') : 'top',
        color: '#555',
        fontStyle: 'italic'
      }
    };
  }
  // The tooltip says "hidden" for a hidden value, never 0; its text is escaped (it is HTML).
  function tooltip(spec) {
    return function (params) {
      var list = Array.isArray(params) ? params : [params];
      var lines = [escape(list.length > 0 ? list[0].name : '')];
      each(list, function (p) {
        var hidden = (p.data && p.data.hiddenValue) || p.value === null || p.value === undefined;
        lines.push(p.marker + escape(p.seriesName) + escape(data.colon) + escape(hidden ? data.hidden : shown(p.value, spec.unit)));
      });
      return lines.join('<br>');
    };
  }
  function option(spec, width) {
    var bars = spec.kind === 'bars';
    var legend = spec.series.length > 1;
    var category = {
      type: 'category',
      data: spec.categories,
      // Bars: the first row on top. Columns and lines: the first category where the reader starts.
      inverse: bars ? true : rtl,
      axisTick: { alignWithLabel: true },
      axisLabel: bars
        ? { interval: 0, width: Math.round(Math.min(220, width * 0.4)), overflow: 'break' }
        : { hideOverlap: true }
    };
    if (bars) category.position = rtl ? 'right' : 'left';
    var value = {
      type: 'value',
      minInterval: 1,
      inverse: bars && rtl,
      axisLabel: { formatter: function (v) { return shown(v, spec.unit); } }
    };
    if (!bars) value.position = rtl ? 'right' : 'left';
    var result = {
      animation: false,
      aria: { enabled: false },
      color: colors,
      textStyle: { fontFamily: font },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: spec.kind === 'line' ? 'line' : 'shadow' },
        formatter: tooltip(spec),
        extraCssText: rtl ? 'direction: rtl; text-align: right;' : ''
      },
      grid: { top: legend ? 36 : 12, bottom: 8, left: 8, right: 8 },
      xAxis: bars ? value : category,
      yAxis: bars ? category : value,
      series: spec.series.map(function (serie) {
        return {
          name: serie.name,
          type: spec.kind === 'line' ? 'line' : 'bar',
          data: serie.values.map(function (v) { return point(v, spec); }),
          barMaxWidth: 28,
          connectNulls: false
        };
      })
    };
    if (legend) {
      result.legend = { top: 0, align: rtl ? 'right' : 'left' };
      result.legend[rtl ? 'right' : 'left'] = 0;
    }
    return result;
  }
  function height(spec) {
    var legend = spec.series.length > 1 ? 36 : 12;
    if (spec.kind !== 'bars') return 280;
    return Math.max(140, legend + 40 + spec.categories.length * (spec.series.length * 14 + 16));
  }
  each(data.charts, function (spec) {
    var box = document.querySelector('[data-chart="' + spec.id + '"]');
    if (!box || spec.categories.length === 0) return;
    box.hidden = false;
    box.style.height = height(spec) + 'px';
    var chart = window.echarts.init(box, null, { renderer: 'svg' });
    chart.setOption(option(spec, box.clientWidth || 320));
    box.setAttribute('data-drawn', 'true');
    drawn.push({ chart: chart, spec: spec, box: box });
  });
  var pending = 0;
  function redraw() {
    each(drawn, function (item) {
      item.chart.setOption(option(item.spec, item.box.clientWidth || 320));
      item.chart.resize();
    });
  }
  window.addEventListener('resize', function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(redraw, 150);
  });
  // The printed page is narrower than the screen: redraw for it, and back after.
  window.addEventListener('beforeprint', redraw);
  window.addEventListener('afterprint', redraw);
  if (window.matchMedia) {
    var print = window.matchMedia('print');
    if (print.addEventListener) print.addEventListener('change', redraw);
  }
})();`;

const digest = (algorithm: 'sha256' | 'sha384', text: string) =>
  createHash(algorithm).update(text, 'utf8').digest('base64');

/** The page script's address: its own hash is its version, so a new script is a new address. */
export const DASHBOARD_SCRIPT_PATH = '/assets/dashboard.js';
export const DASHBOARD_SCRIPT_VERSION = createHash('sha256')
  .update(DASHBOARD_SCRIPT, 'utf8')
  .digest('hex')
  .slice(0, 12);
export const DASHBOARD_SCRIPT_INTEGRITY = `sha384-${digest('sha384', DASHBOARD_SCRIPT)}`;

/** The two `<script>` elements of the dashboard page, in the order they run (both deferred). */
export function dashboardScriptTags(): string {
  return [
    `<script src="${ECHARTS_PATH}?v=${ECHARTS_VERSION}" integrity="${ECHARTS_INTEGRITY}" defer></script>`,
    `<script src="${DASHBOARD_SCRIPT_PATH}?v=${DASHBOARD_SCRIPT_VERSION}" integrity="${DASHBOARD_SCRIPT_INTEGRITY}" defer></script>`,
  ].join('\n');
}
