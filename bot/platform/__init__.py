"""The platform every feature stands on: settings, content and texts, the context handlers
reach, storage glue, logging, the update processor, the flood guard, and the application
factory that lays out the ordered path."""
