// SEND Tracker front-end entry point. Load with:
//   <script type="module" src="{% static 'js/app.js' %}"></script>
// No inline script is needed (the CSP forbids them).
//
// Both vendor files are self-contained ES modules copied in by
// frontend/build.sh (GOV.UK Frontend 5.x, MOJ Frontend 8.x).
import { initAll as initGovuk } from './govuk-frontend.min.js'
import { initAll as initMoj } from './moj-frontend.min.js'

// GOV.UK Frontend normally has an inline <script> at the top of <body> that
// adds this class; its CSS and JS only enhance components when it is there.
// Done here instead. (Imports above are evaluated first, but nothing in them
// looks at the class until initAll runs below.)
document.body.classList.add('govuk-frontend-supported')

// Components refuse to initialise twice (InitError). That is expected when a
// scope is re-scanned, so ignore it; report anything else.
function onError(error) {
  if (error && error.name === 'InitError') return
  console.error(error)
}

/**
 * Initialise GOV.UK and MOJ components found inside `element`.
 *
 * Components are looked up with element.querySelectorAll('[data-module]'),
 * which does not include `element` itself, so when `element` is itself a
 * component its parent is scanned (already-initialised siblings are skipped).
 *
 * @param {Element | Document | null | undefined} element
 */
export function initWithin(element) {
  if (!element) return
  let scope = element
  if (element instanceof Element && element.hasAttribute('data-module') && element.parentElement) {
    scope = element.parentElement
  }
  const options = { scope, onError }
  initGovuk(options)
  initMoj(options)
}

// Whole page. Module scripts run after the document is parsed, so the DOM is
// ready here.
initWithin(document)

// Content swapped in by htmx. htmx 2 fires afterSwap on each newly settled
// element (event.target); event.detail.target is the element that was
// targeted, which an outerHTML swap has just removed from the page. Prefer
// detail.target while it is still in the page (innerHTML, beforeend, ...),
// otherwise use the new element.
function onSwap(event) {
  const target = event.detail && event.detail.target
  initWithin(target && target.isConnected ? target : event.target)
}

document.body.addEventListener('htmx:afterSwap', onSwap)
document.body.addEventListener('htmx:oobAfterSwap', onSwap)

// An in-place save's confirmation lands in the notification region at the top of the page
// (includes/announce.html), as the no-JavaScript path's banner does after its redirect. On a
// phone the form is often a screen or more below it: bring the banner into sight (the least
// scroll that shows it), leaving the focus where the user was.
function revealConfirmation(event) {
  const region = event.detail && event.detail.target
  if (!region || region.id !== 'notifications') return
  const banner = region.querySelector('.govuk-notification-banner')
  if (!banner) return
  const box = banner.getBoundingClientRect()
  if (box.top < 0 || box.bottom > window.innerHeight) {
    banner.scrollIntoView({ block: 'nearest' })
  }
}

document.body.addEventListener('htmx:oobAfterSwap', revealConfirmation)

// For other scripts (e.g. console debugging); app code should import it.
window.SendTracker = Object.freeze({ initWithin })
