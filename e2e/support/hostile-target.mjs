// A scrape target whose metric text carries HTML and script in label values and HELP, for the
// e2e check that nothing a target sends is ever executed by Headroom's pages.
import http from "node:http";

const port = Number(process.env.HOSTILE_PORT || 3211);
const evil = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const esc = (s) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

http
  .createServer((req, res) => {
    res.setHeader("content-type", "text/plain; version=0.0.4");
    res.end(
      [
        `# HELP hostile_requests_total ${evil}`,
        "# TYPE hostile_requests_total counter",
        `hostile_requests_total{model="${esc(evil)}",code="200"} 42`,
        "",
      ].join("\n"),
    );
  })
  .listen(port, "127.0.0.1", () => console.log(`hostile target on ${port}`));
