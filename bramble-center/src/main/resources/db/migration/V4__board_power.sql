-- The board's own draw from its PMIC (Raspberry Pi 5), kept with the other figures of each sample.
ALTER TABLE samples ADD COLUMN power_watts DOUBLE PRECISION;
ALTER TABLE samples_1m ADD COLUMN power_watts DOUBLE PRECISION;
