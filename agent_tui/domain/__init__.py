"""Pure rules of the collection trade: no Textual, no Peewee, no clock."""
