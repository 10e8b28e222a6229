-- The end of the period a stored instant stands for: an instant with DAY precision is the
-- start of that day in its time zone, and the period runs to the start of the next day there.
-- Date-range filters compare periods, so "on Wednesday" overlaps a range that starts Wednesday
-- noon. Precision is passed as text so the function does not depend on an enum's type.
CREATE FUNCTION time_period_end(instant timestamptz, time_zone text, time_precision text)
RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT ((instant AT TIME ZONE time_zone) + CASE time_precision
      WHEN 'MINUTE' THEN interval '1 minute'
      WHEN 'HOUR' THEN interval '1 hour'
      WHEN 'DAY' THEN interval '1 day'
      WHEN 'MONTH' THEN interval '1 month'
      WHEN 'YEAR' THEN interval '1 year'
    END) AT TIME ZONE time_zone
$$;
