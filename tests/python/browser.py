"""How the browser tests start Chromium: the system's /usr/bin/chromium
(Debian's package here, the runner image's on GitHub), never a browser
Playwright downloads, with the same flags as root here and as the
unprivileged `runner` user on GitHub's Ubuntu 24.04 runners.

Chromium's sandbox needs user namespaces. Chromium refuses to start as root
with it, and Ubuntu 23.10 and later let AppArmor deny unprivileged user
namespaces to a binary without an AppArmor profile of its own (sysctl
kernel.apparmor_restrict_unprivileged_userns=1), so there the sandbox
cannot start as `runner` either ("No usable sandbox!"). Chromium's own
documentation for that restriction (docs/security/
apparmor-userns-restrictions.md in the Chromium source) lists
`--no-sandbox` as the way out for testing, and Playwright leaves the
sandbox off by default (launch(chromium_sandbox=False)). That is safe here:
the only page opened is our own static docs site, and any request that
leaves the file fails the test.
"""
import shutil

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",                 # as root, and as a user AppArmor denies user namespaces (above)
    "--disable-dev-shm-usage",      # containers' /dev/shm is often 64 MB: use /tmp instead
    "--disable-gpu",                # no GPU on CI machines
    # No network here (nor needed): no background connections to refuse.
    "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
# Playwright adds --headless and a fresh --user-data-dir itself (and refuses
# the latter in args).


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, chromium_sandbox=False)
