-- The rollup keeps ISO weeks and months only: daily retention reads the events.
DELETE FROM "activity_periods" WHERE grain = 'day';
