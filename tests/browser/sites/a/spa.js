// A client-side router in miniature: same-document navigations with the History API.
document.getElementById('next').addEventListener('click', () => {
  history.pushState({}, '', '/spa/details');
  document.getElementById('view').textContent = 'Details';
});
// Only the query changes: the stripped address stays the same, so this is no new page.
document.getElementById('filter').addEventListener('click', () => {
  history.replaceState({}, '', `${location.pathname}?q=secret`);
});
