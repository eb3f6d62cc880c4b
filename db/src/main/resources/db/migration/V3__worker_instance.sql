-- Which worker process holds a claim: names are the user's to choose and may repeat (a restarted container), so a
-- worker giving back claims whose reply it never received must recognise its own by a per-process identity.
ALTER TABLE trials ADD COLUMN worker_instance TEXT;
