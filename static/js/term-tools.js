// "Copy link" and "Copy citation" on term pages. The buttons stay hidden where the clipboard
// cannot be used (no JavaScript, or an insecure page); the address and the citation are still there
// to select by hand.
(function () {
  if (!navigator.clipboard) return;
  var status = document.querySelector(".term-tools .copy-status");
  document.querySelectorAll(".term-tools .copy-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.dataset.copy || document.getElementById(button.dataset.copyFrom).textContent.trim();
      navigator.clipboard.writeText(text).then(
        function () {
          status.textContent = button.dataset.copied;
        },
        function () {
          status.textContent = "Copying was refused: select the text and copy it by hand.";
        }
      );
    });
  });
})();
