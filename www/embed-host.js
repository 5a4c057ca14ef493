// The "portal's own script" of embed.html: a like button on the article (it must keep working after
// the widget highlights the article) and a listener for the widget's events.

let likes = 0;
const likeButton = document.getElementById("host-like");
likeButton.addEventListener("click", () => {
  likes += 1;
  document.getElementById("host-like-count").textContent = String(likes);
});

// Host scripts keep references to the article's elements; annotation must leave them in place.
const leadLinks = [...document.querySelectorAll("#content a, #content strong")];

document.addEventListener("tifa-result", (e) => {
  const who = e.target.id;
  const s = e.detail.summary;
  const top = Object.entries(s.themes)
    .filter(([, t]) => t.paragraphs > 0)
    .sort((a, b) => b[1].paragraphs - a[1].paragraphs)
    .slice(0, 3)
    .map(([, t]) => t.name)
    .join("、");
  const stillThere = leadLinks.every((n) => n.isConnected);
  document.getElementById("host-log").textContent =
    `页面脚本收到 ${who} 的 tifa-result 事件：${s.tagged_paragraphs} 段有主题（${top}）；原有元素${stillThere ? "均在" : "有丢失"}。`;
  document.body.dataset.tifaResults = String(Number(document.body.dataset.tifaResults || 0) + 1);
});
