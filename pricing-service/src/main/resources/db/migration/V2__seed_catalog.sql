-- The lesson's table (USD per 1M tokens) plus the suite's own models.
-- Seed prices are in force from 2024-01-01 UTC; later changes are added as new versions.
INSERT INTO models (id, provider, display_name, context_window, encoding, count_factor, count_method, self_hosted) VALUES
    ('gpt-4o',            'openai',    'GPT-4o',                   128000, 'o200k_base',  1, 'exact', false),
    ('gpt-4o-mini',       'openai',    'GPT-4o-mini',              128000, 'o200k_base',  1, 'exact', false),
    -- Anthropic publishes no tokenizer for Claude 3.x: counts are cl100k_base tokens times count_factor.
    ('claude-3-5-sonnet', 'anthropic', 'Claude 3.5 Sonnet',        200000, 'cl100k_base', 1.0, 'approximate: cl100k_base count x count_factor', false),
    -- Llama 3 uses a 128K-entry tiktoken-style vocabulary built on cl100k_base; the suite counts with cl100k_base.
    ('llama-3-70b',       'meta',      'Llama 3 70B (self-hosted)',  8192, 'cl100k_base', 1.0, 'approximate: cl100k_base count x count_factor', true),
    -- stories260K has its own 512-piece SentencePiece vocabulary; the tokenizer-service serves the Llama 2 one.
    ('stories260k',       'llmsuite',  'stories260K (generation-service)', 512, 'llama2', 1, 'approximate: llama2 vocabulary count x count_factor', true),
    -- The tokenizer-service serves no WordPiece vocabulary for counting; cl100k_base stands in.
    ('all-minilm-l6-v2',  'llmsuite',  'all-MiniLM-L6-v2 (embedding-service)', 256, 'cl100k_base', 1, 'approximate: cl100k_base count x count_factor', true);

INSERT INTO price_versions (model_id, effective_from, input_per_million, output_per_million, cached_input_per_million, created_by) VALUES
    ('gpt-4o',            '2024-01-01T00:00:00Z',  2.50, 10.00, 1.25,  'seed'),
    ('gpt-4o-mini',       '2024-01-01T00:00:00Z',  0.15,  0.60, 0.075, 'seed'),
    ('claude-3-5-sonnet', '2024-01-01T00:00:00Z',  3.00, 15.00, 0.30,  'seed'),
    ('llama-3-70b',       '2024-01-01T00:00:00Z',  0.50,  1.00, NULL,  'seed'),
    -- Suite models: USD 0.10/hour for a 2-core box / (5,000 tokens/s * 3600 s) * 1e6, see selfhosted.SelfHostedPrice.
    ('stories260k',       '2024-01-01T00:00:00Z',  0.005556, 0.005556, NULL, 'seed'),
    ('all-minilm-l6-v2',  '2024-01-01T00:00:00Z',  0.005556, 0.000000, NULL, 'seed');
