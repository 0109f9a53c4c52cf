/**
 * The one script of the pages, inline and allowed by its hash in the Content-Security-Policy (see
 * `html` in http.ts): nothing else runs. It only enhances; every page works without it.
 * - An error summary takes the focus, and its links take the reader to the field (label in view).
 * - The province list shows the provinces of the chosen region only (the server checks it anyway);
 *   choosing a province first fills in its region.
 * - A part of a form marked `data-shown-when="<radio group>"` and `data-shown-for="<values>"` shows
 *   only while one of those values is chosen in the group (the placement's outcome, a follow-up's
 *   work status); hidden, its fields are disabled, so they are not sent. A part holding an error
 *   stays in view until the choice changes. Without the script every part shows, and the server
 *   says what applies.
 */
import { createHash } from 'node:crypto';

export const PAGE_SCRIPT = `(function () {
  var each = function (list, f) { Array.prototype.forEach.call(list || [], f); };
  var parts = document.querySelectorAll ? document.querySelectorAll('[data-shown-when]') : [];
  each(parts, function (part) {
    var name = part.getAttribute('data-shown-when');
    var values = (part.getAttribute('data-shown-for') || '').split(' ');
    var choices = document.querySelectorAll('input[name="' + name + '"]');
    var keep = part.querySelector('[aria-invalid="true"]') !== null;
    function follow() {
      var chosen = '';
      each(choices, function (choice) { if (choice.checked) chosen = choice.value; });
      var shown = keep || values.indexOf(chosen) !== -1;
      part.hidden = !shown;
      each(part.querySelectorAll('input, select, textarea'), function (field) { field.disabled = !shown; });
    }
    each(choices, function (choice) {
      choice.addEventListener('change', function () { keep = false; follow(); });
    });
    follow();
  });
  var summary = document.querySelector('[data-error-summary]');
  if (summary) {
    if (document.activeElement !== summary) summary.focus();
    summary.addEventListener('click', function (event) {
      var link = event.target && event.target.closest ? event.target.closest('a[href^="#"]') : null;
      var field = link ? document.getElementById(link.getAttribute('href').slice(1)) : null;
      if (!field) return;
      event.preventDefault();
      var fieldset = field.closest('fieldset');
      var caption = fieldset ? fieldset.querySelector('legend') : document.querySelector('label[for="' + field.id + '"]');
      (caption || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }
  var region = document.getElementById('region');
  var province = document.getElementById('province');
  if (!region || !province) return;
  var groups = Array.prototype.slice.call(province.querySelectorAll('optgroup[data-region]'));
  function follow() {
    var chosen = region.value;
    var selected = province.selectedOptions && province.selectedOptions[0];
    groups.forEach(function (group) { if (group.parentNode === province) province.removeChild(group); });
    groups.forEach(function (group) {
      if (chosen === '' || group.getAttribute('data-region') === chosen) province.appendChild(group);
    });
    if (selected && selected.parentNode && selected.parentNode.parentNode === province) selected.selected = true;
    else province.value = '';
  }
  region.addEventListener('change', follow);
  province.addEventListener('change', function () {
    var option = province.selectedOptions && province.selectedOptions[0];
    var group = option && option.parentNode;
    if (region.value === '' && group && group.getAttribute && group.getAttribute('data-region')) {
      region.value = group.getAttribute('data-region');
      follow();
    }
  });
  follow();
})();`;

/** The CSP source that allows exactly this script. */
export const PAGE_SCRIPT_HASH = `'sha256-${createHash('sha256').update(PAGE_SCRIPT, 'utf8').digest('base64')}'`;
