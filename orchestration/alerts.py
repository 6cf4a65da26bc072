"""Alerts: one per problem, each with the pipeline's one-line reason and
what to do, posted as JSON to the webhook in ALERT_WEBHOOK_URL (Slack,
Teams, PagerDuty and most chat tools accept an incoming webhook), or
written to the log when none is set."""
import datetime as dt
import json
import urllib.request

from orchestration import settings


def send_alert(log, kind: str, reason: str, what_to_do: str, **details) -> dict:
    """Posts one alert; a webhook that cannot be reached is logged with the
    alert, never raised (the run or sensor that noticed goes on)."""
    alert = {"alert": kind, "reason": reason, "what_to_do": what_to_do, **details,
             "raised_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    body = json.dumps(alert)
    url = settings.alert_webhook_url()
    if url is None:
        log.warning(f"ALERT {body}")
        return alert
    request = urllib.request.Request(url, data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10):
            pass
        log.info(f"Alert sent ({kind}): {reason}")
    except OSError as error:
        log.error(f"Alert not delivered to ALERT_WEBHOOK_URL ({error}): {body}")
    return alert
