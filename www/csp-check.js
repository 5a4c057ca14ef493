// csp.html: runs the widget under the strict policy and reports whether anything was blocked.

const violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  violations.push(`${e.violatedDirective} ${e.blockedURI}`);
  mark("check-csp", "fail");
  finish();
});

function mark(id, state) {
  document.getElementById(id).dataset.state = state;
}

let done = 0;
function finish() {
  const result = document.getElementById("csp-result");
  if (violations.length) {
    result.textContent = `失败：${violations.join("; ")}`;
    document.body.dataset.csp = "fail";
  } else if (done === 2) {
    mark("check-csp", "ok");
    result.textContent = "通过";
    document.body.dataset.csp = "ok";
  }
}

const tagger = document.getElementById("csp-tagger");
tagger.addEventListener("tifa-ready", () => {
  mark("check-ready", "ok");
  done++;
  tagger.value = "认真对照省委“1310”具体部署，推动“瓶改管”项目竣工验收，严格落实“河长制”。";
});
tagger.addEventListener("tifa-result", (e) => {
  const ok = e.detail.matches > 0;
  mark("check-tag", ok ? "ok" : "fail");
  if (ok && done < 2) done++;
  // wait a moment so that late violations (style sheets, worker) are seen too
  setTimeout(finish, 300);
});
tagger.addEventListener("tifa-error", (e) => {
  mark("check-ready", "fail");
  document.getElementById("csp-result").textContent = `失败：${e.detail.message}`;
  document.body.dataset.csp = "fail";
});
