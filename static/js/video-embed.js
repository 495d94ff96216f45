// Privacy-friendly video: the YouTube (nocookie) player loads only after the visitor presses play.
// Without JavaScript the poster stays a plain link to the video on YouTube.
document.addEventListener("click", function (event) {
  var poster = event.target.closest(".video-player .video-poster");
  if (!poster) return;
  event.preventDefault();
  var player = poster.parentElement;
  var frame = document.createElement("iframe");
  frame.src = player.dataset.embedUrl;
  frame.title = player.dataset.title;
  frame.allow = "accelerometer; autoplay; encrypted-media; picture-in-picture";
  frame.allowFullscreen = true;
  frame.loading = "lazy";
  player.replaceChildren(frame);
  frame.focus();
});
