"""The status timeline of demo items, derived from their timestamps."""
from __future__ import annotations

import numpy as np
import pandas as pd

DAY = 86_400


def events(m: pd.DataFrame, interim_at, interim, answer_1, reworked, extended, registered, span, cutoff_s):
    """The status timeline of every item, derived from its timestamps."""
    ids = m["id"].to_numpy()
    parts = [
        (ids, m["received_at"], "new", "Поступило"),
        (ids, m["registered_at"], "registered", "Зарегистрировано"),
    ]

    def add(mask, seconds, status, note):
        mask = mask & (seconds <= cutoff_s)
        parts.append((ids[mask], pd.to_datetime(seconds[mask], unit="s", utc=True), status, note))

    add(interim, interim_at, "interim", "Промежуточный ответ")
    add(extended, registered + (span * 0.6).astype(np.int64), "extended", "Срок рассмотрения продлён")
    add(reworked, answer_1, "answered", "Ответ дан")
    add(reworked, answer_1 + DAY, "rework", "Ответ возвращён на доработку")
    done = m["answered_at"].notna().to_numpy()
    final_status = m["status"].where(~m["status"].isin(["rejected", "forwarded"]), m["status"])
    final_status = final_status.where(final_status.isin(["rejected", "forwarded"]), "answered").to_numpy()
    parts.append((ids[done], m["answered_at"][done], final_status[done], None))
    res = m["resolved_at"].notna().to_numpy()
    parts.append((ids[res], m["resolved_at"][res], "resolved", "Проблема решена"))
    frames = [pd.DataFrame({"message_id": i, "event_at": pd.Series(t).to_numpy(), "status": s, "note": n})
              for i, t, s, n in parts]
    ev = pd.concat(frames, ignore_index=True).sort_values(["message_id", "event_at"], kind="stable")
    ev["event_at"] = pd.to_datetime(ev["event_at"], utc=True)
    ev.insert(0, "id", np.arange(1, len(ev) + 1, dtype=np.int64))
    return ev.reset_index(drop=True)
