-- SqueezeNet v1.1's macroarchitecture (conv1 3x3/64, earlier pools) as a seventh metaparameter; every earlier
-- trial was v1.0.
ALTER TABLE trials ADD COLUMN variant VARCHAR(8) NOT NULL DEFAULT 'v1.0' CHECK (variant IN ('v1.0', 'v1.1'));
