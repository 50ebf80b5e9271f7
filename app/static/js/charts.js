// ECharts for the pages that carry charts (vendor/echarts). A chart is a
// <div class="echart" data-chart='{option as JSON}'> rendered by the macro in
// _macros/charts.html; nothing inline, so the CSP holds. A data point or axis label with a
// "url" opens the filtered list of the records behind it (drill-down).
(function () {
  function init(el) {
    if (!window.echarts || el.getAttribute("data-chart-ready")) { return; }
    var option;
    try { option = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
    // The default HTML tooltip writes style attributes, which the CSP refuses: draw it on canvas.
    if (option.tooltip) { option.tooltip.renderMode = "richText"; }
    var chart = window.echarts.init(el, el.getAttribute("data-chart-theme") || null,
                                    { renderer: el.getAttribute("data-chart-renderer") || "canvas" });
    chart.setOption(option);
    chart.on("click", function (params) {
      var url = params.data && params.data.url;
      if (url && url.charAt(0) === "/") { window.location.href = url; }
    });
    el.setAttribute("data-chart-ready", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function all(root) { (root || document).querySelectorAll(".echart[data-chart]").forEach(init); }
  document.addEventListener("DOMContentLoaded", function () { all(); });
  document.addEventListener("htmx:afterSettle", function (event) { all(event.target); });
}());
